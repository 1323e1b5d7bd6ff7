package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.agent.testing.Sources;
import dev.idempotent4j.agent.testing.WithProcessor;
import dev.idempotent4j.agent.testing.WithoutProcessor;
import dev.idempotent4j.runtime.spi.Woven;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BuildTimeWeaver} over real javac output (compiled with the processor), loaded by a plain
 * class loader that weaves nothing: the woven classes deduplicate on their own, carry the mark, and
 * the agent's transformer leaves them as they are.
 */
class BuildTimeWeaverTest {

  @Test
  void wovenClassesDeduplicateWithoutAnAgent(@TempDir Path dir) throws Throwable {
    WithProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER, 17);

    List<String> woven = weave(dir);

    assertThat(woven).containsExactly(Sources.MAILER_NAME);
    try (URLClassLoader plain = plainLoader(dir)) {
      Class<?> mailer = plain.loadClass(Sources.MAILER_NAME);
      assertThat(mailer.isAnnotationPresent(Woven.class)).isTrue();
      assertRunsOnce(mailer);
    }
  }

  @Test
  void weavingTwiceLeavesTheClassFilesAsTheyAre(@TempDir Path dir) throws Exception {
    WithProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER, 17);
    weave(dir);
    Path classFile = dir.resolve("demo/Mailer.class");
    byte[] once = Files.readAllBytes(classFile);

    assertThat(weave(dir)).isEmpty();
    assertThat(Files.readAllBytes(classFile)).isEqualTo(once);
  }

  @Test
  void theAgentDoesNotWeaveABuildTimeWovenClassAgain(@TempDir Path dir) throws Throwable {
    WithProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER, 17);
    weave(dir);
    byte[] classFile = Files.readAllBytes(dir.resolve("demo/Mailer.class"));
    TaskClassFileTransformer agent = new TaskClassFileTransformer(new TaskIndexes());

    try (URLClassLoader loader = plainLoader(dir)) {
      assertThat(agent.transform(loader, "demo/Mailer", null, null, classFile)).isNull();
    }
    // The agent's transformer defining every class as it loads: one stub, so one run per key
    // (two nested stubs would claim the key twice: the inner claim waits on the outer one).
    try (URLClassLoader agentLoader = WovenClasses.inDirectory(dir)) {
      assertRunsOnce(agentLoader.loadClass(Sources.MAILER_NAME));
    }
  }

  @Test
  void anAnnotatedMethodTheIndexDoesNotListFailsTheBuild(@TempDir Path dir) {
    WithoutProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER);

    assertThatThrownBy(() -> weave(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demo.Mailer.")
        .hasMessageContaining("is annotated @IdempotentTask")
        .hasMessageContaining("compiled without the idempotent4j processor")
        .hasMessageContaining("<annotationProcessorPaths>");
  }

  @Test
  void aListedTaskWhoseGeneratedClassIsMissingFailsTheBuild(@TempDir Path dir) throws Exception {
    WithProcessor.compile(dir, Sources.MAILER_NAME, Sources.MAILER, 17);
    Files.delete(dir.resolve("demo/Mailer_Idempotent4j.class"));

    assertThatThrownBy(() -> weave(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demo.Mailer_Idempotent4j")
        .hasMessageContaining("demo.Mailer.")
        .hasMessageContaining("Package the processor's generated classes");
  }

  private static List<String> weave(Path dir) throws Exception {
    try (BuildTimeWeaver weaver = BuildTimeWeaver.over(List.of(dir))) {
      return weaver.weaveDirectory(dir);
    }
  }

  /** A loader that defines the class files as they are; its parent sees the runtime. */
  private static URLClassLoader plainLoader(Path dir) throws Exception {
    return new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, BuildTimeWeaverTest.class.getClassLoader());
  }

  private static void assertRunsOnce(Class<?> mailer) throws Throwable {
    Object instance = mailer.getConstructor().newInstance();
    String user = "user-" + UUID.randomUUID();
    int before = mailer.getField("runs").getInt(null);

    Object first = WovenClasses.call(mailer, instance, "welcome", user);
    Object second = WovenClasses.call(mailer, instance, "welcome", user);

    assertThat(first).isEqualTo("sent " + user);
    assertThat(second).isEqualTo(first);
    assertThat(mailer.getField("runs").getInt(null) - before).isEqualTo(1);
  }
}
