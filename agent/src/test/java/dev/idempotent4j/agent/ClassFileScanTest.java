package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.agent.testing.Sources;
import dev.idempotent4j.agent.testing.WithoutProcessor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFileScanTest {

  @Test
  void findsTheAnnotationInAClassThatCarriesIt(@TempDir Path dir) throws Exception {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);

    assertThat(
            ClassFileScan.mentionsIdempotentTask(
                Files.readAllBytes(dir.resolve("demo/Mailer.class"))))
        .isTrue();
  }

  @Test
  void passesOverClassesWithoutIt() throws Exception {
    assertThat(ClassFileScan.mentionsIdempotentTask(classFile(String.class))).isFalse();
    assertThat(ClassFileScan.mentionsIdempotentTask(classFile(AgentArgumentsTest.class))).isFalse();
  }

  @Test
  void handlesShortAndEmptyInput() {
    assertThat(ClassFileScan.mentionsIdempotentTask(new byte[0])).isFalse();
    assertThat(ClassFileScan.mentionsIdempotentTask("Ldev/idempotent4j/IdempotentTask".getBytes()))
        .isFalse();
    assertThat(
            ClassFileScan.mentionsIdempotentTask("xLdev/idempotent4j/IdempotentTask;".getBytes()))
        .isTrue();
  }

  private static byte[] classFile(Class<?> type) throws Exception {
    try (InputStream in =
        type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
