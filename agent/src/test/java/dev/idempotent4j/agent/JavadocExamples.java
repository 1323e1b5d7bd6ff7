package dev.idempotent4j.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java examples of this module's javadoc, as code the compiler sees: {@link
 * JavadocExamplesTest} checks that each one appears here. Never run: installing the agent is what
 * the self-attach tests do.
 */
@SuppressWarnings("unused")
abstract class JavadocExamples {

  void selfAttach() {
    IdempotencyAgent.install();
  }

  void buildTimeWeaver() throws IOException {
    try (BuildTimeWeaver weaver = BuildTimeWeaver.over(List.of(Path.of("target/classes")))) {
      List<String> woven = weaver.weaveDirectory(Path.of("target/classes"));
    }
  }
}
