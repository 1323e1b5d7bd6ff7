package dev.idempotent4j.agent;

import dev.idempotent4j.testsupport.JavadocExampleCheck;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Every Java example in this module's published javadoc is compiled in {@link JavadocExamples} (the
 * rule and what to do when it fails: {@link JavadocExampleCheck}).
 */
class JavadocExamplesTest {

  @Test
  void everyJavaExampleOfThePublishedJavadocIsCompiledInJavadocExamples() throws IOException {
    JavadocExampleCheck.assertCompiledIn(JavadocExamples.class);
  }
}
