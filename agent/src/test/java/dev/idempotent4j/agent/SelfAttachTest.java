package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.agent.testing.Sources;
import dev.idempotent4j.agent.testing.StandardError;
import dev.idempotent4j.agent.testing.WithoutProcessor;
import dev.idempotent4j.contract.TaskIndexFormat;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached to this JVM with {@link IdempotencyAgent#install()}. */
class SelfAttachTest {

  @BeforeAll
  static void attach() {
    IdempotencyAgent.install();
  }

  @Test
  void installingAgainDoesNothing() {
    IdempotencyAgent.install();
    IdempotencyAgent.install();

    assertThat(IdempotencyAgent.isInstalled()).isTrue();
  }

  @Test
  void aClassCompiledWithoutTheProcessorFailsInsteadOfRunning(@TempDir Path dir) throws Throwable {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);
    try (URLClassLoader loader = WithoutProcessor.loader(dir)) {
      Class<?> mailer = loader.loadClass(Sources.MAILER_NAME);
      Object instance = mailer.getConstructor().newInstance();

      assertThatThrownBy(() -> WovenClasses.call(mailer, instance, "welcome", "ann"))
          .isInstanceOf(IdempotencyConfigurationException.class)
          .hasMessageContaining("demo.Mailer.welcome is annotated @IdempotentTask")
          .hasMessageContaining("idempotent4j-processor");
      assertThatThrownBy(() -> WovenClasses.call(mailer, null, "staticSend", "ann"))
          .hasMessageContaining("demo.Mailer.staticSend");
      assertThatThrownBy(() -> WovenClasses.call(mailer, instance, "callsPrivate", "ann"))
          .hasMessageContaining("demo.Mailer.privateSend");
      assertThat(mailer.getField("runs").getInt(null)).isZero();
      assertThat(WovenClasses.call(mailer, instance, "plain", "ann")).isEqualTo("plain ann");
    }
  }

  @Test
  void aListedClassWhoseInvokerIsMissingRefusesToRun(@TempDir Path dir) throws Throwable {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);
    Path index = dir.resolve(TaskIndexFormat.RESOURCE);
    Files.createDirectories(index.getParent());
    Files.writeString(
        index,
        TaskIndexFormat.HEADER
            + "\ndemo.Mailer welcome (Ljava/lang/String;)Ljava/lang/String;"
            + " demo.Mailer_Idempotent4j welcome\n");
    try (URLClassLoader loader = WithoutProcessor.loader(dir)) {
      Class<?>[] loaded = new Class<?>[1];
      String printed =
          StandardError.capture(() -> loaded[0] = loader.loadClass(Sources.MAILER_NAME));
      Class<?> mailer = loaded[0];
      Object instance = mailer.getConstructor().newInstance();

      assertThat(printed)
          .startsWith("[idempotent4j] ERROR could not weave demo.Mailer")
          .contains("is not visible to the class's loader");
      assertThatThrownBy(() -> WovenClasses.call(mailer, instance, "welcome", "ann"))
          .isInstanceOf(IdempotencyConfigurationException.class)
          .hasMessageContaining("idempotent4j could not weave demo.Mailer")
          .hasMessageContaining("the generated class demo.Mailer_Idempotent4j")
          .hasMessageContaining("is not visible");
      assertThatThrownBy(() -> WovenClasses.call(mailer, null, "staticSend", "ann"))
          .hasMessageContaining("idempotent4j could not weave demo.Mailer");
      assertThat(mailer.getField("runs").getInt(null)).isZero();
    }
  }

  @Test
  void aStaleIndexLineRefusesToRun(@TempDir Path dir) throws Throwable {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);
    Path index = dir.resolve(TaskIndexFormat.RESOURCE);
    Files.createDirectories(index.getParent());
    Files.writeString(
        index, TaskIndexFormat.HEADER + "\ndemo.Mailer gone ()V demo.Mailer_Idempotent4j gone\n");
    try (URLClassLoader loader = WithoutProcessor.loader(dir)) {
      Class<?>[] loaded = new Class<?>[1];
      String printed =
          StandardError.capture(() -> loaded[0] = loader.loadClass(Sources.MAILER_NAME));
      Class<?> mailer = loaded[0];

      assertThat(printed)
          .startsWith("[idempotent4j] ERROR could not weave demo.Mailer")
          .contains("the task index lists demo.Mailer.gone()V");
      assertThatThrownBy(() -> WovenClasses.call(mailer, null, "staticSend", "ann"))
          .isInstanceOf(IdempotencyConfigurationException.class)
          .hasMessageContaining("the task index lists demo.Mailer.gone()V")
          .hasMessageContaining("the index is stale");
    }
  }
}
