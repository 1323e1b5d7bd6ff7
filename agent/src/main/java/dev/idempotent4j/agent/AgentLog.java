package dev.idempotent4j.agent;

/**
 * The agent's only output: standard error, because the agent starts before any logging framework
 * and must not initialise one. Errors are always printed; progress only with {@code
 * -Didempotent4j.agent.verbose=true}.
 *
 * <pre>{@code
 * AgentLog.error("could not weave com.acme.Payments", cause);
 * }</pre>
 */
final class AgentLog {

  static final String VERBOSE_PROPERTY = "idempotent4j.agent.verbose";

  private AgentLog() {}

  static void error(String message, Throwable cause) {
    System.err.println("[idempotent4j] ERROR " + message);
    if (cause != null) {
      cause.printStackTrace();
    }
  }

  static boolean verbose() {
    return Boolean.getBoolean(VERBOSE_PROPERTY);
  }

  static void info(String message) {
    if (verbose()) {
      System.err.println("[idempotent4j] " + message);
    }
  }
}
