package dev.idempotent4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every Java example in a module's published javadoc compiles: each {@code <pre>} block that opens
 * with a {@code @code} tag, in a public type outside the {@code internal} packages must appear in
 * the module's {@code JavadocExamples} test class, which the test compiler compiles. Each paragraph
 * of an example (its lines up to a blank line) must be found there as it is, ignoring whitespace
 * and the {@code //} of comments (the formatter wraps both). Blocks that are not Java, such as
 * command lines and messages, are written {@code <pre class="language-text">} and not checked.
 *
 * <p>When this fails, write the example into {@code JavadocExamples} (with whatever it needs to
 * compile), or correct the javadoc so that it is the code that compiles there.
 *
 * <pre>{@code
 * @Test
 * void everyJavaExampleOfThePublishedJavadocIsCompiledInJavadocExamples() throws IOException {
 *   JavadocExampleCheck.assertCompiledIn(JavadocExamples.class);
 * }
 * }</pre>
 */
public final class JavadocExampleCheck {

  private static final Path MAIN = Path.of("src", "main", "java");
  private static final Path TEST = Path.of("src", "test", "java");
  private static final Pattern BLOCK =
      Pattern.compile("<pre>\\{@code\\R(.*?)\\R\\s*\\*?\\s*}</pre>", Pattern.DOTALL);
  private static final Pattern PARAGRAPH = Pattern.compile("\\R\\s*\\R");
  private static final Pattern PUBLIC_TYPE = Pattern.compile("(?m)^public ");

  private JavadocExampleCheck() {}

  /**
   * Fails unless every Java example of this module's {@code src/main/java} (the working directory
   * is the module, as under Surefire) is compiled in {@code examples}, a class of {@code
   * src/test/java}.
   */
  public static void assertCompiledIn(Class<?> examples) throws IOException {
    Path source = TEST.resolve(examples.getName().replace('.', '/') + ".java");
    String compiled = normalized(Files.readString(source));
    List<String> missing = new ArrayList<>();
    List<Path> published;
    try (Stream<Path> files = Files.walk(MAIN)) {
      published = files.filter(JavadocExampleCheck::isPublished).sorted().toList();
    }
    int checked = 0;
    for (Path file : published) {
      Matcher block = BLOCK.matcher(Files.readString(file));
      while (block.find()) {
        checked++;
        for (String paragraph :
            PARAGRAPH.split(block.group(1).replaceAll("(?m)^\\s*\\* ?", ""), -1)) {
          if (!compiled.contains(normalized(paragraph))) {
            missing.add(MAIN.relativize(file) + ":\n" + paragraph);
          }
        }
      }
    }
    assertThat(checked).as("Java examples found in %s", MAIN).isPositive();
    assertThat(missing).as("javadoc examples not compiled in %s", source).isEmpty();
  }

  private static boolean isPublished(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(".java") || file.toString().contains("internal")) {
      return false;
    }
    try {
      return name.equals("package-info.java") || PUBLIC_TYPE.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String normalized(String code) {
    return code.replace("{@literal @}", "@")
        .replace("&#64;", "@")
        .replace("//", "")
        .replaceAll("\\s+", "");
  }
}
