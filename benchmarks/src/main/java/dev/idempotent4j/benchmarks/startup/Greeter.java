package dev.idempotent4j.benchmarks.startup;

import dev.idempotent4j.IdempotentTask;

/**
 * The one task of the start-up program; both agents in the comparison instrument this method.
 *
 * <pre>{@code
 * new Greeter().greet("world"); // "hello world"
 * }</pre>
 */
public class Greeter {

  /** Greets {@code name}, once per name when woven. */
  @IdempotentTask(key = "greet:{name}", name = "Greeter.greet")
  public String greet(String name) {
    return "hello " + name;
  }
}
