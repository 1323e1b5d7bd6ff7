package dev.idempotent4j.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.idempotent4j.runtime.TaskInvoker;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The shared fixture of the processor tests: compiles text-block sources with the processor (lint
 * on, as users build), and loads the compiled classes, generated ones included, in a class loader
 * whose parent has the runtime, so tests call real key derivers.
 */
final class TaskCompiler {

  private TaskCompiler() {}

  /** A source file; {@code name} is the qualified class name. */
  static JavaFileObject source(String name, String code) {
    return JavaFileObjects.forSourceString(name, code);
  }

  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new IdempotentTaskProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(sources);
  }

  /** A class loader that defines every class file the compilation wrote. */
  static ClassLoader load(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String binary =
          path.substring(
                  path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
                  path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(binary, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
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
  static TaskDefinition definition(ClassLoader loader, String generatedClass, String field) {
    try {
      Object invoker = loader.loadClass(generatedClass).getField(field).get(null);
      return ((TaskInvoker) invoker).definition();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no task field " + generatedClass + "." + field, e);
    }
  }

  /** Creates an instance of a compiled class through its only constructor. */
  static Object instance(ClassLoader loader, String className, Object... arguments) {
    try {
      return loader.loadClass(className).getDeclaredConstructors()[0].newInstance(arguments);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot create " + className, e);
    }
  }
}
