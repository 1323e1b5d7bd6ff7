package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.agent.testing.ForkedJvm;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged agent jar: ASM and the attach library shaded away, nothing else leaking. */
class AgentJarIT {

  @Test
  void containsOnlyTheAgentsPackageAndMetaInf() throws Exception {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      List<String> entries =
          Collections.list(jar.entries()).stream()
              .map(e -> e.getName())
              .collect(Collectors.toList());

      assertThat(entries).contains("dev/idempotent4j/agent/IdempotencyAgent.class");
      // Our licence, and the notices of ASM and Byte Buddy, which the jar bundles.
      assertThat(entries).contains("META-INF/LICENSE", "META-INF/NOTICE");
      assertThat(entries)
          .contains("dev/idempotent4j/agent/shaded/org/objectweb/asm/ClassReader.class")
          .contains("dev/idempotent4j/agent/shaded/net/bytebuddy/agent/ByteBuddyAgent.class");
      // Only Byte Buddy's attach library: the AgentBuilder and Advice machinery is not needed.
      assertThat(entries)
          .filteredOn(e -> e.startsWith("dev/idempotent4j/agent/shaded/net/bytebuddy/"))
          .allMatch(
              e ->
                  e.equals("dev/idempotent4j/agent/shaded/net/bytebuddy/")
                      || e.startsWith("dev/idempotent4j/agent/shaded/net/bytebuddy/agent/"));
      assertThat(entries)
          .allMatch(
              e ->
                  e.startsWith("META-INF/")
                      || e.startsWith("dev/idempotent4j/agent/")
                      || e.equals("dev/")
                      || e.equals("dev/idempotent4j/"),
              "under dev/idempotent4j/agent/ or META-INF/");
      assertThat(entries).noneMatch(e -> e.contains("net/bytebuddy") && !e.startsWith("dev/"));
      assertThat(entries).noneMatch(e -> e.startsWith("org/"));
      assertThat(entries).noneMatch(e -> e.endsWith("module-info.class"));
      assertThat(entries).noneMatch(e -> e.startsWith("META-INF/versions/"));
      // The runtime is the application's: the agent must not bring a second copy.
      assertThat(entries).noneMatch(e -> e.startsWith("dev/idempotent4j/runtime/"));
    }
  }

  @Test
  void manifestDeclaresTheAgent() throws Exception {
    try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();

      assertThat(main.getValue("Premain-Class")).isEqualTo(IdempotencyAgent.class.getName());
      assertThat(main.getValue("Agent-Class")).isEqualTo(IdempotencyAgent.class.getName());
      assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
      assertThat(main.getValue("Multi-Release")).isNull();
    }
  }
}
