package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.agent.testing.ForkedJvm;
import dev.idempotent4j.agent.testing.Sources;
import dev.idempotent4j.agent.testing.WithoutProcessor;
import dev.idempotent4j.fixture.LoadAndCall;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A class compiled without the processor, in a JVM started with {@code -javaagent}. */
class UnprocessedClassIT {

  private static final String ENABLE_THE_PROCESSOR = "compiled without the idempotent4j processor";

  @Test
  void itsTasksFailWithTheEnableTheProcessorMessage(@TempDir Path dir) {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);

    ForkedJvm.Result result =
        ForkedJvm.withAgent(null).mainClass(LoadAndCall.class).args(dir.toString()).run();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.value("welcome"))
        .startsWith("threw dev.idempotent4j.runtime.IdempotencyConfigurationException")
        .contains("demo.Mailer.welcome is annotated @IdempotentTask")
        .contains(ENABLE_THE_PROCESSOR)
        .contains("annotationProcessorPaths");
    assertThat(result.value("staticSend")).contains("demo.Mailer.staticSend is annotated");
    assertThat(result.value("callsPrivate")).contains("demo.Mailer.privateSend is annotated");
    assertThat(result.value("plain")).isEqualTo("returned plain ann");
    assertThat(result.value("runs")).isEqualTo("1");
  }

  @Test
  void selfAttachRetransformsAClassLoadedBefore(@TempDir Path dir) {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);

    ForkedJvm.Result result =
        ForkedJvm.withAgentOnClassPath()
            .mainClass(LoadAndCall.class)
            .args(dir.toString(), "install-between")
            .run();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.value("before.welcome")).isEqualTo("returned sent ann");
    assertThat(result.value("installed")).isEqualTo("true");
    assertThat(result.value("welcome")).contains(ENABLE_THE_PROCESSOR);
    assertThat(result.value("staticSend")).contains(ENABLE_THE_PROCESSOR);
    assertThat(result.value("callsPrivate")).contains(ENABLE_THE_PROCESSOR);
    assertThat(result.value("runs")).isEqualTo("2");
  }

  @Test
  void badAgentArgumentsStopTheJvmWithAClearMessage() {
    ForkedJvm.Result result =
        ForkedJvm.withAgent("prefix").mainClass(LoadAndCall.class).args("unused").run();

    assertThat(result.exitCode()).isNotZero();
    assertThat(String.join("\n", result.stderr()))
        .contains("idempotent4j agent arguments \"prefix\": 'prefix' is not a setting");
    assertThat(result.stdout()).noneMatch(line -> line.startsWith("welcome="));
  }

  @Test
  void aSettingThatDoesNotParseStopsTheJvmAtStartUp() {
    ForkedJvm.Result result =
        ForkedJvm.withAgent("fail-mode=sometimes")
            .mainClass(LoadAndCall.class)
            .args("unused")
            .run();

    assertThat(result.exitCode()).isNotZero();
    assertThat(String.join("\n", result.stderr()))
        .contains("'fail-mode' = 'sometimes'")
        .contains("closed");
    assertThat(result.stdout()).noneMatch(line -> line.startsWith("welcome="));
  }
}
