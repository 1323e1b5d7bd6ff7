package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.agent.testing.ForkedJvm;
import dev.idempotent4j.contract.TaskIndexFormat;
import dev.idempotent4j.fixture.HandWiredMain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -javaagent} path with an index written by hand: matching by name, binding each method
 * to its invoker constant, and single-flight through the real runtime, without the processor.
 */
class HandWiredIT {

  @Test
  void listedMethodsAreWovenAndRunOncePerKey(@TempDir Path indexRoot) throws Exception {
    Path index = indexRoot.resolve(TaskIndexFormat.RESOURCE);
    Files.createDirectories(index.getParent());
    String invokers = " dev.idempotent4j.fixture.HandWired_Idempotent4j ";
    Files.writeString(
        index,
        String.join(
            "\n",
            TaskIndexFormat.HEADER,
            "dev.idempotent4j.fixture.HandWired send (Ljava/lang/String;)Ljava/lang/String;"
                + invokers
                + "send",
            "dev.idempotent4j.fixture.HandWired count (Ljava/lang/String;)I" + invokers + "count",
            "dev.idempotent4j.fixture.HandWired secret (Ljava/lang/String;)J" + invokers + "secret",
            ""));

    ForkedJvm.Result result =
        ForkedJvm.withAgent("prefix=handwired")
            .classPathEntry(indexRoot)
            .systemProperty("idempotent4j.agent.verbose", "true")
            .mainClass(HandWiredMain.class)
            .run();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("[idempotent4j] wove dev.idempotent4j.fixture.HandWired");
    assertThat(result.value("send.executions")).isEqualTo("1");
    assertThat(result.value("send.results")).isEqualTo("[sent-k]");
    assertThat(result.value("count")).isEqualTo("2,2");
    assertThat(result.value("secretTwice")).isEqualTo("6");
    assertThat(result.value("later.executions")).isEqualTo("2");
  }
}
