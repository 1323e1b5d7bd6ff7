package dev.idempotent4j.agent;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain methods of every return shape, woven by {@link TaskMethodWeaverTest} from a hand-written
 * index (no annotation, so neither the processor nor the agent touches it on its own).
 */
public class AdviceTarget {

  public static final AtomicInteger RUNS = new AtomicInteger();

  public void touch(String key) {
    RUNS.incrementAndGet();
  }

  public int number(String key) {
    return 40 + RUNS.incrementAndGet();
  }

  public long big(String key) {
    return 10_000_000_000L + RUNS.incrementAndGet();
  }

  public boolean flag(String key) {
    RUNS.incrementAndGet();
    return true;
  }

  public double ratio(String key) {
    return 0.5 + RUNS.incrementAndGet();
  }

  public String text(String key) {
    return "text-" + key + "-" + RUNS.incrementAndGet();
  }

  public String failing(String key) {
    throw new IllegalStateException("failure " + RUNS.incrementAndGet());
  }

  public static String staticText(String key) {
    return "static-" + key + "-" + RUNS.incrementAndGet();
  }

  private String secret(String key) {
    return "secret-" + key + "-" + RUNS.incrementAndGet();
  }

  /** A self-call: the private method is reached from inside the class. */
  public String secretTwice(String key) {
    return secret(key) + "," + secret(key);
  }
}
