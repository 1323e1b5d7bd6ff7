package dev.idempotent4j.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.idempotent4j.runtime.TaskInvoker;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * The one compile-test harness of the processor tests: compiles sources with the processor (or a
 * test processor) through compile-testing, so that tests assert message and line; builds class
 * paths; and loads what a compilation wrote, generated classes included, in a class loader whose
 * parent has the runtime, so tests call real key derivers and codecs.
 *
 * <pre>{@code
 * Compilation compilation = TaskCompiler.compile(source("com.acme.Payments", "..."));
 * assertThat(compilation).hadErrorContaining("[i4j-key-syntax]").inFile(src).onLineContaining("key = \"");
 * TaskDefinition charge = TaskCompiler.definition(TaskCompiler.load(compilation), GENERATED, "charge");
 * }</pre>
 */
public final class TaskCompiler {

  /** The lint users build with: everything but the note that processors ran. */
  public static final List<String> LINT = List.of("-Xlint:all,-processing");

  private static final String CLASS_OUTPUT = "CLASS_OUTPUT/";

  private TaskCompiler() {}

  /** A source file; {@code name} is the qualified class name. */
  public static JavaFileObject source(String name, String code) {
    return JavaFileObjects.forSourceString(name, code);
  }

  /** A source file on disk. */
  public static JavaFileObject source(Path file) {
    try {
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(file.toString(), e);
    }
  }

  /** Compiles with idempotent4j's processor and {@link #LINT}. */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(LINT, List.of(sources));
  }

  /** Compiles with idempotent4j's processor and exactly {@code options}. */
  public static Compilation compile(List<String> options, List<JavaFileObject> sources) {
    return javac().withOptions(options).compile(sources);
  }

  /** A compiler running idempotent4j's processor, to configure further. */
  public static Compiler javac() {
    return javacWith(new IdempotentTaskProcessor());
  }

  /** A compiler running only {@code processors} (none: plain javac), to configure further. */
  public static Compiler javacWith(Processor... processors) {
    return Compiler.javac().withProcessors(processors);
  }

  /** The tests' own class path (annotations, runtime) followed by {@code extra} entries. */
  public static List<File> classPathWith(Path... extra) {
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    for (Path entry : extra) {
      classpath.add(entry.toFile());
    }
    return classpath;
  }

  /** Writes the class files of {@code compilation} under {@code directory}, as a build would. */
  public static void writeClasses(Compilation compilation, Path directory) {
    classes(compilation)
        .forEach(
            (binaryName, bytes) -> {
              Path target = directory.resolve(binaryName.replace('.', '/') + ".class");
              try {
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /** A class loader that defines every class file the compilation wrote. */
  public static ClassLoader load(Compilation compilation) {
    Map<String, byte[]> classes = classes(compilation);
    return new ClassLoader(TaskCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** The definition behind {@code generatedClass.field}. */
  public static TaskDefinition definition(ClassLoader loader, String generatedClass, String field) {
    try {
      Object invoker = loader.loadClass(generatedClass).getField(field).get(null);
      return ((TaskInvoker) invoker).definition();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no task field " + generatedClass + "." + field, e);
    }
  }

  /** Creates an instance of a compiled class through its only constructor. */
  public static Object instance(ClassLoader loader, String className, Object... arguments) {
    try {
      return loader.loadClass(className).getDeclaredConstructors()[0].newInstance(arguments);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot create " + className, e);
    }
  }

  /** The class files the compilation wrote, by binary name. */
  private static Map<String, byte[]> classes(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String binary =
          path.substring(
                  path.indexOf(CLASS_OUTPUT) + CLASS_OUTPUT.length(),
                  path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(binary, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }
}
