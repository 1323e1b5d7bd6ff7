package dev.idempotent4j.benchmarks.startup;

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

  public static void main(String[] args) {
    System.out.println(new Greeter().greet("startup"));
  }
}
