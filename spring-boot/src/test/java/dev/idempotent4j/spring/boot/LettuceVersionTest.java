package dev.idempotent4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build runs the Redis tests twice: on the Lettuce the runtime is built with, and on the one
 * Spring Boot's BOM manages (what a Boot application gets unless it sets {@code lettuce.version}).
 * This pins both facts, so the second run cannot silently test the wrong version.
 */
class LettuceVersionTest {

  @Test
  void theBootManagedVersionIsTheOneBootsBomManages() throws Exception {
    String bom = Files.readString(Path.of(System.getProperty("idempotent4j.test.boot-bom")));
    Matcher managed =
        Pattern.compile("<lettuce\\.version>([^<]+)</lettuce\\.version>").matcher(bom);

    assertThat(managed.find()).as("lettuce.version in Boot's BOM").isTrue();
    assertThat(managed.group(1))
        .as("spring-boot.lettuce.version in the root pom")
        .isEqualTo(System.getProperty("idempotent4j.test.boot-lettuce"));
  }

  @Test
  void theseTestsRunOnTheLettuceThisRunIsFor() {
    String loaded = RedisClient.class.getPackage().getImplementationVersion();

    assertThat(loaded).startsWith(System.getProperty("idempotent4j.test.lettuce"));
  }
}
