package dev.idempotent4j.spring.boot.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.spring.boot.IdempotencyEngine;
import dev.idempotent4j.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The README's Spring Boot section, run: its properties start the demo, its table is complete. */
class ReadmeSpringBootTest {

  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\| `(idempotent4j\\.[^`]+)` \\|");

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  @Test
  void theDependencyIsTheStarter() throws IOException {
    assertThat(block("xml")).contains("<artifactId>idempotent4j-spring-boot-starter</artifactId>");
  }

  @Test
  void thePropertiesStartAnApplicationThatDeduplicatesOnRedis() throws IOException {
    List<String> args = new ArrayList<>();
    for (String line : block("properties").split("\n")) {
      if (!line.isBlank()) {
        // The README's Redis is localhost:6379; this test's is the fixture's.
        args.add("--" + line.strip().replace("redis://localhost:6379", redis.uri()));
      }
    }
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(DemoApplication.class)
            .web(WebApplicationType.NONE)
            .run(args.toArray(String[]::new))) {
      Task charge = context.getBean("charge", Task.class);
      assertThat(charge.<String>run("readme-1", () -> "first")).isEqualTo("first");
      assertThat(charge.<String>run("readme-1", () -> "second")).isEqualTo("first");
      assertThat(context.getBean(IdempotencyEngine.class).settings())
          .containsEntry("redis", redis.uri())
          .containsEntry("prefix", "billing");
      assertThat(redis.call("KEYS", "*billing:Demo.charge:readme-1*")).asList().isNotEmpty();
    }
  }

  @Test
  void thePropertiesTableListsExactlyThePropertiesOfTheMetadata() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher row = TABLE_ROW.matcher(section());
    while (row.find()) {
      documented.add(row.group(1));
    }
    Set<String> declared = new TreeSet<>();
    // Only the "properties" array: "groups" lists idempotent4j.local and idempotent4j.redis too.
    String metadata = metadata();
    int properties = metadata.indexOf("\"properties\"");
    int hints = metadata.indexOf("\"hints\"", properties);
    Matcher name =
        Pattern.compile("\"name\": ?\"(idempotent4j\\.[^\"]+)\"")
            .matcher(metadata.substring(properties, hints < 0 ? metadata.length() : hints));
    while (name.find()) {
      declared.add(name.group(1));
    }

    assertThat(documented).isEqualTo(declared);
  }

  @Test
  void theStartersOwnPropertiesAreAcceptedAsSystemPropertiesAsTheReadmeSays() {
    List<String> own =
        List.of(
            "idempotent4j.redis.use-spring",
            "idempotent4j.jdbc.use-spring",
            "idempotent4j.http.paths",
            "idempotent4j.http.caller-header");
    own.forEach(name -> System.setProperty(name, "false"));
    try {
      Idempotency.configure(java.util.Map.of());
      assertThatThrownBy(() -> configureWith("idempotent4j.http-paths"))
          .isInstanceOf(IdempotencyConfigurationException.class)
          .hasMessageContaining("idempotent4j.http-paths");
    } finally {
      own.forEach(System::clearProperty);
    }
  }

  private static void configureWith(String property) {
    System.setProperty(property, "x");
    try {
      Idempotency.configure(java.util.Map.of());
    } finally {
      System.clearProperty(property);
    }
  }

  private static String block(String language) throws IOException {
    Matcher block = BLOCK.matcher(section());
    while (block.find()) {
      if (block.group(1).equals(language)) {
        return block.group(2);
      }
    }
    throw new AssertionError("no ```" + language + " block in the README's Spring Boot section");
  }

  private static String section() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("\n## Spring Boot\n");
    assertThat(start).as("README section 'Spring Boot'").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end);
  }

  private static String metadata() throws IOException {
    try (InputStream in =
        ReadmeSpringBootTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
