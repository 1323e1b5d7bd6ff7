package dev.idempotent4j.agent;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;

/**
 * The agent's weaver applied to class files at build time, so that the application's jar runs
 * deduplicated without {@code -javaagent}. The {@code idempotent4j-maven-plugin} calls it on {@code
 * target/classes}; other builds run it as a program:
 *
 * <pre class="language-text">{@code
 * java -cp idempotent4j-agent.jar dev.idempotent4j.agent.BuildTimeWeaver build/classes
 * }</pre>
 *
 * <p>or from code:
 *
 * <pre>{@code
 * try (BuildTimeWeaver weaver = BuildTimeWeaver.over(List.of(Path.of("target/classes")))) {
 *   List<String> woven = weaver.weaveDirectory(Path.of("target/classes"));
 * }
 * }</pre>
 *
 * <p>It is the same weaver the agent runs at class load ({@code TaskWeaver}), and a class it wove
 * carries the mark that makes the agent, if attached as well, leave it alone. Where the agent would
 * make a task refuse to run, this fails the build instead: a listed task that cannot be woven, and
 * an {@code @IdempotentTask} method that the processor's task index does not list.
 */
public final class BuildTimeWeaver implements Closeable {

  private final URLClassLoader resources;
  private final TaskIndex index;

  private BuildTimeWeaver(URLClassLoader resources) {
    this.resources = resources;
    this.index = TaskIndex.load(resources);
  }

  /**
   * A weaver that reads the task index and the generated classes from {@code classPath}
   * (directories or jars: the classes to weave and, for test classes, the main classes). Nothing on
   * it is loaded as a class; the JDK's own resources stay out of sight.
   */
  public static BuildTimeWeaver over(List<Path> classPath) {
    URL[] urls = new URL[classPath.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = classPath.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("not a class path entry: " + classPath.get(i), e);
      }
    }
    return new BuildTimeWeaver(new URLClassLoader(urls, null));
  }

  /**
   * Runs the weaver over one directory: {@code java ... BuildTimeWeaver <dir> [<class path>...]},
   * exit status 1 with the reason on standard error when a task cannot be woven.
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println(
          "usage: java -cp idempotent4j-agent.jar "
              + BuildTimeWeaver.class.getName()
              + " <classes"
              + " directory> [<more class path entries: the main classes, for test classes>...]");
      System.exit(2);
    }
    List<Path> classPath = new ArrayList<>();
    for (String arg : args) {
      classPath.add(Path.of(arg));
    }
    try (BuildTimeWeaver weaver = over(classPath)) {
      List<String> woven = weaver.weaveDirectory(classPath.get(0));
      System.out.println("[idempotent4j] wove " + woven.size() + " classes in " + args[0]);
    } catch (IllegalStateException e) {
      System.err.println("[idempotent4j] ERROR " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * The woven class file, or null when {@code classFile} needs no weaving: it has no task, or it
   * was woven already (a second build over the same output).
   *
   * @throws IllegalStateException naming the class, the method and the fix when a task cannot be
   *     woven (a stale index, a missing generated class) or is not in the index (compiled without
   *     the processor)
   */
  public byte[] weave(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    String className = reader.getClassName().replace('/', '.');
    if (!index.declares(className) && !ClassFileScan.mentionsIdempotentTask(classFile)) {
      return null;
    }
    ClassShape shape = ClassShape.read(reader);
    if (shape.woven()) {
      return null;
    }
    List<TaskIndex.Entry> entries = index.entries(className);
    requireListed(className, shape.annotatedMethods(), entries);
    try {
      return TaskWeaver.weave(className, classFile, entries, resources);
    } catch (IllegalStateException stale) {
      // TaskWeaver's own messages name the class, the method and the fix.
      throw stale;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "idempotent4j cannot weave "
              + className
              + " (tasks: "
              + taskNames(entries)
              + "): "
              + e
              + ". Its class file is not one the weaver can rewrite; compile it with javac"
              + " directly (no other bytecode tool before this one), or remove @IdempotentTask from"
              + " those methods and call Idempotency.run(...) in them instead.",
          e);
    }
  }

  /**
   * Weaves every class file under {@code dir} in place.
   *
   * @return the binary names of the classes woven, sorted
   * @throws IllegalStateException as {@link #weave}, for the first class that fails; the files
   *     woven before it stay woven (weaving is idempotent: the next run skips them)
   */
  public List<String> weaveDirectory(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> p.getFileName().toString().endsWith(".class"))
              .filter(p -> !p.getFileName().toString().equals("module-info.class"))
              .sorted()
              .toList();
    }
    List<String> woven = new ArrayList<>();
    for (Path file : files) {
      byte[] classFile = Files.readAllBytes(file);
      byte[] result = weave(classFile);
      if (result != null) {
        Files.write(file, result);
        woven.add(new ClassReader(result).getClassName().replace('/', '.'));
      }
    }
    return woven;
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Build time is stricter than the agent: a task the index misses fails the build. */
  private static void requireListed(
      String className, Set<String> annotated, List<TaskIndex.Entry> entries) {
    for (TaskIndex.Entry entry : entries) {
      annotated.remove(entry.methodName() + entry.descriptor());
    }
    if (!annotated.isEmpty()) {
      String method = annotated.iterator().next();
      throw new IllegalStateException(
          className
              + "."
              + method.substring(0, method.indexOf('('))
              + " is annotated @IdempotentTask, but no task index (META-INF/idempotent4j/tasks) on"
              + " the weaver's class path lists it: its class was compiled without the"
              + " idempotent4j processor. Add dev.idempotent4j:idempotent4j-processor to the"
              + " compiler's annotation processor path (maven-compiler-plugin"
              + " <annotationProcessorPaths>) and rebuild.");
    }
  }

  private static String taskNames(List<TaskIndex.Entry> entries) {
    List<String> names = new ArrayList<>();
    for (TaskIndex.Entry entry : entries) {
      names.add(entry.methodName());
    }
    return String.join(", ", names);
  }
}
