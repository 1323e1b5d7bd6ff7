package dev.idempotent4j.agent.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles a class at test time as a user who forgot the annotation processor would: {@code
 * -proc:none}, so it carries {@code @IdempotentTask} but has no generated code and no index line.
 *
 * <pre>{@code
 * Path dir = WithoutProcessor.compile(tempDir, "demo.Mailer", "package demo; ...");
 * }</pre>
 */
public final class WithoutProcessor {

  private WithoutProcessor() {}

  /** Compiles {@code source} (the class {@code className}) into {@code outputDir}. */
  public static Path compile(Path outputDir, String className, String source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    SimpleJavaFileObject file =
        new SimpleJavaFileObject(
            java.net.URI.create("string:///" + className.replace('.', '/') + ".java"),
            javax.tools.JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    List<String> options =
        List.of(
            "-proc:none",
            "--release",
            "17",
            "-d",
            outputDir.toString(),
            "-cp",
            System.getProperty("java.class.path"));
    Boolean ok = javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
    if (!ok) {
      throw new AssertionError("test source does not compile:\n" + diagnostics);
    }
    return outputDir;
  }

  /** A loader for {@code dir} whose parent is the test's loader (which sees the runtime). */
  public static URLClassLoader loader(Path dir) {
    try {
      return new URLClassLoader(
          new URL[] {dir.toUri().toURL()}, WithoutProcessor.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
