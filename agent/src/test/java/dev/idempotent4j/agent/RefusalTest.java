package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.agent.testing.Sources;
import dev.idempotent4j.agent.testing.StandardError;
import dev.idempotent4j.agent.testing.WithoutProcessor;
import dev.idempotent4j.contract.TaskIndexFormat;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways a task is woven to fail instead of running bare, without an agent: a class compiled
 * without the processor ({@link UnprocessedMethodWeaver}), and a class that could not be woven
 * ({@link Refusal}).
 */
class RefusalTest {

  @Test
  void unprocessedTasksFailWithTheProcessorMessage(@TempDir Path dir) throws Throwable {
    byte[] mailer = mailer(dir);
    Class<?> woven =
        define(
            TaskWeaver.weave(Sources.MAILER_NAME, mailer, List.of(), getClass().getClassLoader()));
    Object instance = woven.getConstructor().newInstance();

    assertThatThrownBy(() -> WovenClasses.call(woven, instance, "welcome", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("demo.Mailer.welcome is annotated @IdempotentTask")
        .hasMessageContaining("compiled without the idempotent4j processor")
        .hasMessageContaining("annotationProcessorPaths");
    assertThatThrownBy(() -> WovenClasses.call(woven, null, "staticSend", "ann"))
        .hasMessageContaining("demo.Mailer.staticSend is annotated");
    assertThatThrownBy(() -> WovenClasses.call(woven, instance, "callsPrivate", "ann"))
        .hasMessageContaining("demo.Mailer.privateSend is annotated");
    assertThat(WovenClasses.call(woven, instance, "plain", "ann")).isEqualTo("plain ann");
    assertThat(woven.getField("runs").getInt(null)).isEqualTo(1);
  }

  @Test
  void refusedTasksFailWithTheWeavingError(@TempDir Path dir) throws Throwable {
    byte[] refused =
        Refusal.refuse(Sources.MAILER_NAME, mailer(dir), List.of(), new IllegalStateException("x"));
    Class<?> woven = define(refused);
    Object instance = woven.getConstructor().newInstance();

    assertThatThrownBy(() -> WovenClasses.call(woven, null, "staticSend", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j could not weave demo.Mailer")
        .hasMessageContaining("java.lang.IllegalStateException: x")
        .hasMessageContaining("refuse to run instead of running without deduplication");
    assertThatThrownBy(() -> WovenClasses.call(woven, instance, "welcome", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class);
    assertThatThrownBy(() -> WovenClasses.call(woven, instance, "callsPrivate", "ann"))
        .isInstanceOf(IdempotencyConfigurationException.class);
    assertThat(WovenClasses.call(woven, instance, "plain", "ann")).isEqualTo("plain ann");
    assertThat(woven.getField("runs").getInt(null)).isEqualTo(1);
  }

  @Test
  void aListedMethodWithoutTheAnnotationRefusesToo(@TempDir Path dir) throws Throwable {
    List<TaskIndex.Entry> listed =
        TaskIndex.parse(
                TaskIndexFormat.HEADER
                    + "\ndemo.Mailer plain (Ljava/lang/String;)Ljava/lang/String;"
                    + " demo.Mailer_Idempotent4j plain\n",
                "test")
            .entries(Sources.MAILER_NAME);

    Class<?> woven =
        define(
            Refusal.refuse(
                Sources.MAILER_NAME, mailer(dir), listed, new IllegalStateException("x")));

    assertThatThrownBy(
            () -> WovenClasses.call(woven, woven.getConstructor().newInstance(), "plain", "a"))
        .isInstanceOf(IdempotencyConfigurationException.class);
  }

  @Test
  void theRootCauseIsNamed() {
    String message =
        Refusal.message(
            "com.acme.Payments",
            new RuntimeException("wrapper", new IllegalStateException("the reason")));

    assertThat(message)
        .startsWith("idempotent4j could not weave com.acme.Payments")
        .contains("java.lang.IllegalStateException: the reason")
        .doesNotContain("wrapper");
  }

  @Test
  void aClassFileThatCannotBeRewrittenBecomesUnloadable() throws Throwable {
    byte[][] refused = new byte[1][];
    String printed =
        StandardError.capture(
            () ->
                refused[0] =
                    Refusal.refuse(
                        "demo.Nothing",
                        new byte[] {1, 2, 3},
                        List.of(),
                        new IllegalStateException("x")));

    assertThat(refused[0]).isEmpty();
    assertThat(printed)
        .startsWith("[idempotent4j] ERROR idempotent4j could not weave demo.Nothing")
        .contains("java.lang.IllegalStateException: x");
  }

  private static byte[] mailer(Path dir) throws Exception {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);
    return Files.readAllBytes(dir.resolve("demo/Mailer.class"));
  }

  private Class<?> define(byte[] classFile) throws ClassNotFoundException {
    return WovenClasses.defining(
            getClass().getClassLoader(), Map.of(Sources.MAILER_NAME, classFile))
        .loadClass(Sources.MAILER_NAME);
  }
}
