package dev.idempotent4j.junit;

import dev.idempotent4j.IdempotentTask;
import java.util.concurrent.atomic.AtomicInteger;

/** A task as a user writes one: compiled with the processor, never woven by the build. */
public class Greeter {

  static final AtomicInteger RUNS = new AtomicInteger();

  @IdempotentTask(key = "greet:{name}")
  public String greet(String name) {
    return "hello " + name + " #" + RUNS.incrementAndGet();
  }
}
