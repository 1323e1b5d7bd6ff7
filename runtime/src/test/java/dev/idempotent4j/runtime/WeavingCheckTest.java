package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task index listing a class the weaver marked and one it did not, on a class loader of its own:
 * the check names only the unmarked one, and engine start fails on it.
 */
class WeavingCheckTest {

  @TempDir Path classes;
  private URLClassLoader loader;
  private ClassLoader previousContext;

  @BeforeEach
  void compileTwoTaskClasses() throws Exception {
    compile("demo.Bare", "package demo; public class Bare { public void charge(String id) {} }");
    compile(
        "demo.Marked",
        "package demo; @dev.idempotent4j.runtime.spi.Woven public class Marked {"
            + " public void refund(String id) {} }");
    Path index = classes.resolve("META-INF/idempotent4j/tasks");
    Files.createDirectories(index.getParent());
    Files.writeString(
        index,
        """
        # idempotent4j task index v1
        demo.Bare charge (Ljava/lang/String;)V demo.Bare_Idempotent4j charge
        demo.Marked refund (Ljava/lang/String;)V demo.Marked_Idempotent4j refund
        """);
    loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    previousContext = Thread.currentThread().getContextClassLoader();
  }

  @AfterEach
  void restore() throws Exception {
    Thread.currentThread().setContextClassLoader(previousContext);
    Idempotency.reset();
    loader.close();
  }

  @Test
  void namesTheListedTasksWhoseClassesAreNotWoven() {
    assertThat(WeavingCheck.unwovenTasks(loader)).containsExactly("demo.Bare.charge");
  }

  @Test
  void aListedClassThatIsNotThereIsLeftOut() throws Exception {
    Files.delete(classes.resolve("demo/Bare.class"));

    assertThat(WeavingCheck.unwovenTasks(loader)).isEmpty();
  }

  @Test
  void engineStartFailsNamingTheTaskAndTheFixes() {
    Thread.currentThread().setContextClassLoader(loader);

    assertThatThrownBy(() -> Idempotency.configure(Map.of()))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("demo.Bare.charge")
        .hasMessageNotContaining("demo.Marked")
        .hasMessageContaining("would run without deduplication")
        .hasMessageContaining("idempotent4j-maven-plugin")
        .hasMessageContaining("-javaagent:idempotent4j-agent.jar")
        .hasMessageContaining("IdempotentExtension")
        .hasMessageContaining("weaving-check=warn");
  }

  @Test
  void withWarnTheEngineStartsAndLogs() {
    Thread.currentThread().setContextClassLoader(loader);

    Idempotency.configure(Map.of("weaving-check", "warn"));

    assertThat(Idempotency.run("WeavingCheckTest.warn", "k", () -> "ran")).isEqualTo("ran");
  }

  @Test
  void aValueOtherThanFailOrWarnIsAConfigurationError() {
    assertThatThrownBy(() -> Idempotency.configure(Map.of("weaving-check", "maybe")))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("weaving-check")
        .hasMessageContaining("'fail'");
  }

  private void compile(String className, String source) {
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
    List<String> options =
        List.of(
            "-proc:none", "-d", classes.toString(), "-cp", System.getProperty("java.class.path"));
    if (!javac.getTask(diagnostics, null, null, options, null, List.of(file)).call()) {
      throw new AssertionError(diagnostics.toString());
    }
  }
}
