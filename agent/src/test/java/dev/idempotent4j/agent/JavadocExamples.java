package dev.idempotent4j.agent;

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
}
