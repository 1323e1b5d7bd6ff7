package dev.idempotent4j.benchmarks;

import dev.idempotent4j.IdempotentTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Proves, before a benchmark measures anything, that the agent wove the tasks of this module: an
 * unwoven {@link Orders#confirm} would run its body on every call and the numbers would describe a
 * plain method call.
 *
 * <pre>{@code
 * WeavingProbe.requireWoven(); // throws IllegalStateException without -javaagent
 * }</pre>
 */
public class WeavingProbe {

  private final AtomicInteger runs = new AtomicInteger();

  @IdempotentTask(key = "probe:{id}", name = "WeavingProbe.touch")
  public int touch(String id) {
    return runs.incrementAndGet();
  }

  /**
   * Calls a task twice with one key and checks that its body ran once.
   *
   * @throws IllegalStateException if the body ran twice: the agent is not attached
   */
  public static void requireWoven() {
    WeavingProbe probe = new WeavingProbe();
    String id = Long.toString(System.nanoTime(), 36) + "-" + ProcessHandle.current().pid();
    probe.touch(id);
    probe.touch(id);
    if (probe.runs.get() != 1) {
      throw new IllegalStateException(
          "The benchmark tasks are not woven: WeavingProbe.touch ran "
              + probe.runs.get()
              + " times for one key, so the agent is not attached and the woven numbers would"
              + " measure a plain method call. Run with -jvmArgsAppend"
              + " -javaagent:agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar, as"
              + " benchmarks/run.sh does.");
    }
  }
}
