package dev.idempotent4j.runtime.multijvm;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyContext;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.TaskMetrics;
import dev.idempotent4j.runtime.TaskResult;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.testsupport.LineWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker JVM for {@link MultiJvmIntegrationTest}: an application that uses the {@code Task} API,
 * driven by one command per line on stdin and answering one line per command on stdout, so a test
 * starts a few JVMs once and runs many scenarios in them.
 *
 * <pre>{@code
 * configure redis=redis://127.0.0.1:6379 prefix=p1      -> ok
 * race <task> <keys> <threads> <rounds>      -> ok executions=N mismatches=M results=k=v;...
 * hold <task> <key> <leaseMillis>                        -> started token=T attempt=A
 *   ... finish <value>                                   -> finished value=V
 * run <task> <key> <leaseMillis> <value>                 -> ok value=V replayed=B attempt=A
 * metrics <task>                                         -> ok executed=... lostLeases=...
 * }</pre>
 *
 * Errors answer {@code error <type> <message>}. Logs (System.Logger) go to stderr.
 */
public final class Worker {
  private static final Map<String, Task> TASKS = new ConcurrentHashMap<>();
  private static final AtomicReference<CountDownLatch> HELD = new AtomicReference<>();
  private static final AtomicReference<String> HELD_VALUE = new AtomicReference<>();

  private Worker() {}

  public static void main(String[] args) throws Exception {
    String name = args.length > 0 ? args[0] : "worker";
    LineWorker.serve((words, line) -> command(name, words, line));
  }

  /** One command line; false after {@code exit}. */
  private static boolean command(String name, String[] words, String line) throws Exception {
    switch (words[0]) {
      case "configure":
        Map<String, String> settings = LineWorker.settings(words);
        TASKS.clear();
        Idempotency.configure(settings);
        reply("ok");
        break;
      case "race":
        reply(
            race(
                name,
                words[1],
                Integer.parseInt(words[2]),
                Integer.parseInt(words[3]),
                Integer.parseInt(words[4])));
        break;
      case "hold":
        hold(words[1], words[2], Long.parseLong(words[3]));
        break;
      case "finish":
        HELD_VALUE.set(words[1]);
        HELD.get().countDown();
        break;
      case "run":
        TaskResult<String> result =
            task(words[1], Long.parseLong(words[3])).execute(words[2], null, () -> words[4]);
        reply(
            "ok value="
                + result.value()
                + " replayed="
                + result.context().replayed()
                + " attempt="
                + result.context().attempt());
        break;
      case "metrics":
        TaskMetrics m = Idempotency.metrics().task(words[1]);
        reply(
            "ok executed="
                + m.executed()
                + " sharedHits="
                + m.sharedHits()
                + " localHits="
                + m.localHits()
                + " takeovers="
                + m.takeovers()
                + " lostLeases="
                + m.lostLeases()
                + " storeErrors="
                + m.storeErrors());
        break;
      case "exit":
        Idempotency.shutdown();
        reply("bye");
        return false;
      default:
        reply("error unknown-command " + line);
    }
    return true;
  }

  private static Task task(String name, long leaseMillis) {
    return TASKS.computeIfAbsent(
        name + "/" + leaseMillis,
        n ->
            Idempotency.task(name)
                .codec(Codecs.string())
                .lease(Duration.ofMillis(leaseMillis))
                .waitTimeout(Duration.ofSeconds(20))
                .build());
  }

  /** Threads race over the same keys; each checks that every call of a key saw one result. */
  private static String race(String jvm, String name, int keys, int threads, int rounds)
      throws Exception {
    Task task = task(name, 30_000);
    AtomicInteger executions = new AtomicInteger();
    AtomicInteger mismatches = new AtomicInteger();
    Map<String, String> seen = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t * 23;
      String thread = jvm + "-t" + t;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < keys * rounds; i++) {
                  String key = "k" + ((i + offset) % keys);
                  String value =
                      task.run(
                          key,
                          () -> {
                            executions.incrementAndGet();
                            return key + " by " + thread;
                          });
                  String first = seen.putIfAbsent(key, value);
                  if (first != null && !first.equals(value)) {
                    mismatches.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    StringBuilder results = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(seen).entrySet()) {
      results.append(e.getKey()).append('=').append(e.getValue().replace(' ', '_')).append(';');
    }
    return "ok executions=" + executions + " mismatches=" + mismatches + " results=" + results;
  }

  /** Runs a task whose body reports its fence and blocks until {@code finish}. */
  private static void hold(String name, String key, long leaseMillis) {
    CountDownLatch latch = new CountDownLatch(1);
    HELD.set(latch);
    Task task = task(name, leaseMillis);
    Thread holder =
        new Thread(
            () -> {
              try {
                String value =
                    task.run(
                        key,
                        () -> {
                          IdempotencyContext context = IdempotencyContext.current().orElseThrow();
                          reply(
                              "started token="
                                  + context.fencingToken()
                                  + " attempt="
                                  + context.attempt());
                          try {
                            latch.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return HELD_VALUE.get();
                        });
                reply("finished value=" + value);
              } catch (RuntimeException e) {
                reply("error " + e.getClass().getName() + " " + e.getMessage());
              }
            },
            "holder");
    holder.start();
  }

  private static void reply(String line) {
    LineWorker.reply(line);
  }
}
