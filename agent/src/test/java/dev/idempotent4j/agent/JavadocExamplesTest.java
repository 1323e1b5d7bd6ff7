package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in this module's published javadoc compiles: each {@code <pre>{@code ...}}
 * block of a public type outside the {@code internal} packages must appear in {@link
 * JavadocExamples}, which the test compiler compiles. Each paragraph of an example (its lines up to
 * a blank line) must be found there as it is, ignoring whitespace and the {@code //} of comments
 * (the formatter wraps both). Blocks that are not Java, such as command lines and messages, are
 * written {@code <pre class="language-text">} and not checked.
 *
 * <p>When this fails, write the example into {@code JavadocExamples} (with whatever it needs to
 * compile), or correct the javadoc so that it is the code that compiles there.
 */
class JavadocExamplesTest {

  private static final Path MAIN = Path.of("src", "main", "java");
  private static final Path EXAMPLES =
      Path.of("src/test/java/dev/idempotent4j/agent/JavadocExamples.java");
  private static final Pattern BLOCK =
      Pattern.compile("<pre>\\{@code\\R(.*?)\\R\\s*\\*?\\s*}</pre>", Pattern.DOTALL);

  @Test
  void everyJavaExampleOfThePublishedJavadocIsCompiledInJavadocExamples() throws IOException {
    String compiled = normalized(Files.readString(EXAMPLES));
    List<String> missing = new ArrayList<>();
    List<Path> published;
    try (Stream<Path> files = Files.walk(MAIN)) {
      published = files.filter(JavadocExamplesTest::isPublished).sorted().toList();
    }
    int checked = 0;
    for (Path file : published) {
      Matcher block = BLOCK.matcher(Files.readString(file));
      while (block.find()) {
        checked++;
        for (String paragraph :
            block.group(1).replaceAll("(?m)^\\s*\\* ?", "").split("\\R\\s*\\R")) {
          if (!compiled.contains(normalized(paragraph))) {
            missing.add(MAIN.relativize(file) + ":\n" + paragraph);
          }
        }
      }
    }
    assertThat(checked).as("Java examples found in %s", MAIN).isPositive();
    assertThat(missing).as("javadoc examples not compiled in %s", EXAMPLES).isEmpty();
  }

  private static boolean isPublished(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(".java") || file.toString().contains("internal")) {
      return false;
    }
    try {
      return name.equals("package-info.java")
          || Pattern.compile("(?m)^public ").matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String normalized(String code) {
    return code.replace("{@literal @}", "@")
        .replace("&#64;", "@")
        .replace("//", "")
        .replaceAll("\\s+", "");
  }
}
