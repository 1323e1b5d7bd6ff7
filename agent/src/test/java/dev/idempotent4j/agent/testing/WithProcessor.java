package dev.idempotent4j.agent.testing;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles a class at test time as users compile theirs: with the idempotent4j processor, so the
 * output holds the class, its generated {@code _Idempotent4j} class and the task index.
 *
 * <pre>{@code
 * WithProcessor.compile(tempDir, "demo.Shapes", source, 17);
 * }</pre>
 */
public final class WithProcessor {

  private static final String PROCESSOR = "dev.idempotent4j.processor.IdempotentTaskProcessor";

  private WithProcessor() {}

  /** Compiles {@code source} (the class {@code className}) for {@code release} into {@code dir}. */
  public static Path compile(Path dir, String className, String source, int release) {
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
    String classPath = System.getProperty("java.class.path");
    List<String> options =
        List.of(
            // Named explicitly: newer javac no longer runs processors found on the class path.
            "-processor",
            PROCESSOR,
            "-processorpath",
            classPath,
            "--release",
            Integer.toString(release),
            "-d",
            dir.toString(),
            "-cp",
            classPath);
    Boolean ok = javac.getTask(diagnostics, null, null, options, null, List.of(file)).call();
    if (!ok) {
      throw new AssertionError("test source does not compile:\n" + diagnostics);
    }
    return dir;
  }
}
