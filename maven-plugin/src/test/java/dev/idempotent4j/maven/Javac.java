package dev.idempotent4j.maven;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles a class as a user's build does: javac with the idempotent4j processor (or, to show the
 * failure, without it), for {@code --release 17}.
 *
 * <pre>{@code
 * Javac.compile(classes, "shop.Payments", source, true);
 * }</pre>
 */
final class Javac {

  private static final String PROCESSOR = "dev.idempotent4j.processor.IdempotentTaskProcessor";

  private Javac() {}

  /** Compiles {@code source} into {@code dir}; {@code extraClassPath} comes before the tests'. */
  static void compile(
      Path dir, String className, String source, boolean withProcessor, Path... extraClassPath)
      throws Exception {
    Files.createDirectories(dir);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    JavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///" + className.replace('.', '/') + ".java"),
            JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    StringBuilder classPath = new StringBuilder();
    for (Path extra : extraClassPath) {
      classPath.append(extra).append(java.io.File.pathSeparator);
    }
    classPath.append(System.getProperty("java.class.path"));
    List<String> options = new ArrayList<>();
    if (withProcessor) {
      options.addAll(
          List.of(
              "-processor", PROCESSOR, "-processorpath", System.getProperty("java.class.path")));
    } else {
      options.add("-proc:none");
    }
    options.addAll(List.of("--release", "17", "-d", dir.toString(), "-cp", classPath.toString()));
    if (!javac.getTask(diagnostics, null, null, options, null, List.of(file)).call()) {
      throw new AssertionError("test source does not compile:\n" + diagnostics);
    }
  }
}
