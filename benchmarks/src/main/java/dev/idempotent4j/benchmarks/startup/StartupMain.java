package dev.idempotent4j.benchmarks.startup;

import dev.idempotent4j.runtime.Idempotency;

/**
 * Case 5's program: starts, calls one task once, exits. {@code StartupTimes} launches it with no
 * agent, with the idempotent4j agent and with a plain Byte Buddy agent, and compares the medians.
 *
 * <pre>
 * java -javaagent:agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar \
 *   -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.startup.StartupMain
 * </pre>
 */
public final class StartupMain {

  private StartupMain() {}

  /**
   * Greets once. With the argument {@code engine} (diagnosis only) it first runs a programmatic
   * task, so that a launch without an agent also pays for starting the engine: the difference to a
   * plain launch is the engine's share of the agent's start-up overhead.
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("engine")) {
      Idempotency.run("StartupMain.engine", "startup", () -> "engine started");
    }
    System.out.println(new Greeter().greet("startup"));
  }
}
