package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.SharedStore;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The entry point of idempotent4j at run time: configuration, metrics, and programmatic tasks.
 *
 * <p><b>Configuration.</b> Settings are read when the first task runs (or when {@link
 * #validateConfiguration()} or {@link #configure(Map)} is called). For each setting the first of
 * these that has it wins: {@link #configure(Map)} in code; the system property {@code
 * idempotent4j.<name>} (the agent copies its arguments into these, so they beat {@code -D}); the
 * environment variable {@code IDEMPOTENT4J_<NAME>} (upper case, dots and dashes as {@code _}); the
 * default.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>value</th><th>default</th></tr>
 *   <tr><td>{@code redis}</td><td>{@code redis://[user:password@]host[:port][/db]}, {@code
 *       rediss://...} (TLS), {@code redis-sentinel://h1:26379,h2:26379/0#mymaster}</td>
 *       <td>none</td></tr>
 *   <tr><td>{@code redis.cluster}</td><td>comma-separated seed URIs: {@code
 *       redis://h1:7000,redis://h2:7001}</td><td>none</td></tr>
 *   <tr><td>{@code prefix}</td><td>namespace before every key: 1-64 of {@code A-Z a-z 0-9 . _ :
 *       / -}</td><td>{@code i4j}</td></tr>
 *   <tr><td>{@code fail-mode}</td><td>{@code closed} (store unreachable: the call fails, the
 *       method does not run) or {@code open} (it runs; logged and counted)</td>
 *       <td>{@code closed}</td></tr>
 *   <tr><td>{@code timeout}</td><td>shared-store command timeout: {@code 500ms}, {@code 2s},
 *       {@code PT2S}</td><td>{@code 2s}</td></tr>
 *   <tr><td>{@code max-run-time}</td><td>how long an execution may hold its claim in the shared
 *       store: past it the lease is no longer renewed, so a hung worker frees its key (per task:
 *       {@link Task.Builder#maxRunTime})</td><td>{@code 1h}</td></tr>
 *   <tr><td>{@code local.max-size}</td><td>bound of the local tier, in outcomes (at least 1)</td>
 *       <td>{@code 10000}</td></tr>
 * </table>
 *
 * <p>With neither {@code redis} nor {@code redis.cluster} set, the local tier alone is the
 * authority: the embedded default for one JVM.
 *
 * <p><b>The shared tier (Redis).</b> With {@code redis} or {@code redis.cluster} set, the engine
 * connects when it starts. If Redis cannot be reached then, the engine still starts (a warning is
 * logged) and keeps trying to connect, at most once a second; until it can, every call meets the
 * fail mode: {@link StoreUnavailableException} and the method does not run ({@code closed}), or an
 * unshared run, logged (at most once a minute) and counted in {@code failOpenRuns} ({@code open}).
 * A setting that does not parse still fails at start-up. Results cross JVMs as JSON through the
 * task's codec: the processor generates one for every annotated method; a {@link Task} that returns
 * values needs {@code .codec(...)} (see {@code dev.idempotent4j.runtime.codec.Codecs}), and without
 * one it is refused at its first call, before anything runs. So {@link #run(String, String,
 * Supplier)}, which has no codec, works only without the shared tier. A cached failure replays in
 * another JVM as {@link TaskFailedException} naming the original type and message.
 *
 * <pre>{@code
 * // At start-up, before the first task runs:
 * Idempotency.configure(Map.of("prefix", "payments", "redis", "redis://cache:6379"));
 *
 * // A task for code that cannot be annotated:
 * static final Task REFUND = Idempotency.task("Payments.refund").ttl("7d").build();
 * Receipt r = REFUND.run("order-42", () -> gateway.refund(42));
 *
 * // Or, with the defaults, in one line:
 * Receipt r = Idempotency.run("Payments.refund", "order-42", () -> gateway.refund(42));
 *
 * // Counters:
 * long charges = Idempotency.metrics().task("Payments.charge").executed();
 * }</pre>
 *
 * <p><b>Tests and reconfiguration.</b> {@link #configure(Map)} replaces the running engine (its
 * remembered outcomes are forgotten); {@link #shutdown()} closes it and the next call starts a new
 * one from the same configuration; {@link #reset()} also forgets what {@link #configure(Map)} set.
 * A test that wants a clean slate calls {@code Idempotency.reset()} in its {@code @AfterEach}.
 */
public final class Idempotency {

  private static final Map<String, Task> DEFAULT_TASKS = new ConcurrentHashMap<>();

  private Idempotency() {}

  /**
   * Sets configuration in code, which beats system properties, agent arguments and the environment
   * for the names it contains, validates the whole configuration, and (re)starts the engine with
   * it. Call it at start-up, before the first task runs: a running engine is replaced and the
   * outcomes it remembered locally are forgotten.
   *
   * <pre>{@code
   * Idempotency.configure(Map.of("prefix", "billing", "fail-mode", "open"));
   * }</pre>
   *
   * @param settings values by setting name ({@code "local.max-size"}, not the property name)
   * @throws IdempotencyConfigurationException if a name is unknown or any value (from any source)
   *     does not parse; the running engine is then left as it was
   */
  public static void configure(Map<String, String> settings) {
    EngineHolder.configure(settings);
  }

  /**
   * Like {@link #configure(Map)}, with a shared store built in code instead of one chosen by the
   * settings: a store over the application's own {@code DataSource}, say. The application owns the
   * store and closes it (after {@link #reset()}, or when it stops): {@link #shutdown()} and a later
   * {@code configure} leave it open, so the next engine of the same configuration uses it again.
   * The settings must not select a store too.
   *
   * <pre>{@code
   * static void start(SharedStore store) { // e.g. a store over the application's DataSource
   *   Idempotency.configure(Map.of("prefix", "billing"), store);
   * }
   * }</pre>
   *
   * @throws IdempotencyConfigurationException if a setting is invalid or the settings select a
   *     store as well; the running engine is then left as it was
   */
  public static void configure(Map<String, String> settings, SharedStore store) {
    EngineHolder.configure(settings, Objects.requireNonNull(store, "store"));
  }

  /**
   * Reads and validates the configuration now, without starting anything, so that a bad value fails
   * at start-up rather than at the first call. The agent calls this in {@code premain}.
   *
   * @return a description of every setting with its value and where it came from (passwords masked)
   * @throws IdempotencyConfigurationException naming the setting, the value, its source and the
   *     accepted forms
   */
  public static String validateConfiguration() {
    Settings settings = EngineHolder.validate();
    return settings.toString();
  }

  /**
   * A snapshot of every task's counters since the engine started.
   *
   * @throws IdempotencyConfigurationException if the engine was not started yet and the
   *     configuration is invalid
   */
  public static IdempotencyMetrics metrics() {
    return EngineHolder.current().metrics();
  }

  /**
   * The operator's operations on the running engine's shared store (show, list, release), by task
   * name and key. Keep it no longer than the engine: after {@link #configure(Map)} or {@link
   * #shutdown()}, ask again.
   *
   * <pre>{@code
   * Optional<RecordView> view = Idempotency.operations().show("Payments.charge", "order-42");
   * }</pre>
   *
   * @throws IdempotencyConfigurationException if the engine was not started yet and the
   *     configuration is invalid
   */
  public static IdempotencyOperations operations() {
    return IdempotencyOperations.of(EngineHolder.current());
  }

  /**
   * Registers {@code observer} for what the engine does from now on: executions with their times,
   * waits, replays, takeovers, lost leases (see {@link IdempotencyObserver}). The registration
   * outlives engine replacements ({@link #configure(Map)}, {@link #shutdown()}, {@link #reset()})
   * until it is closed. An observer that throws is logged once and never fails a call.
   *
   * <pre>{@code
   * IdempotencyObserver.Registration registration = Idempotency.observe(observer);
   * // ... at shutdown:
   * registration.close();
   * }</pre>
   *
   * @return the registration; {@code close()} stops calling the observer
   * @throws NullPointerException if {@code observer} is null
   */
  public static IdempotencyObserver.Registration observe(IdempotencyObserver observer) {
    return Observers.add(observer);
  }

  /**
   * Starts building a programmatic task.
   *
   * @throws IllegalArgumentException if {@code name} is not a valid task name
   * @see Task
   */
  public static Task.Builder task(String name) {
    return Task.builder(name);
  }

  /**
   * Runs {@code body} once per {@code key} in the task {@code taskName}, with the default options
   * (ttl 24h, WAIT up to 30s, no cached failures, no result codec). For other options, and with the
   * shared tier (results need a codec to cross JVMs), build a {@link Task}.
   *
   * <pre>{@code
   * Receipt receipt = Idempotency.run("Payments.refund", "order-42", () -> gateway.refund(42));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code taskName} is not a valid task name
   * @throws KeyDerivationException if {@code key} is null or empty
   * @throws TaskInProgressException if the key is still in progress after 30 s
   * @throws IdempotencyConfigurationException with the shared tier configured: the task has no
   *     codec to share its result
   * @throws RuntimeException what {@code body} throws
   */
  public static <T> T run(String taskName, String key, Supplier<T> body) {
    return DEFAULT_TASKS
        .computeIfAbsent(taskName, name -> Task.builder(name).build())
        .run(key, body);
  }

  /**
   * Closes the running engine: remembered outcomes and counters are dropped, and the shared store's
   * connections closed. The next call starts a new engine from the same configuration.
   */
  public static void shutdown() {
    EngineHolder.shutdown();
  }

  /**
   * Like {@link #shutdown()}, and also forgets what {@link #configure(Map)} set: the next call
   * reads system properties and environment afresh. For tests.
   */
  public static void reset() {
    EngineHolder.reset();
  }
}
