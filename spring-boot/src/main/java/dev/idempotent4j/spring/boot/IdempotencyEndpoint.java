package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyMetrics;
import dev.idempotent4j.runtime.IdempotencyOperations;
import dev.idempotent4j.runtime.TaskMetrics;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.StoreOperations;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The actuator endpoint {@code idempotency}: what idempotent4j did in this JVM, by task, and the
 * operator's operations on the shared store ({@link IdempotencyOperations}): show a key, list a
 * task's running keys, release a key (a dry run unless {@code dryRun} is false).
 *
 * <pre class="language-text">
 * management.endpoints.web.exposure.include=health,idempotency
 * GET  /actuator/idempotency                          {"tasks":{"Payments.charge":{...}},...}
 * GET  /actuator/idempotency/Payments.charge          {"task":"Payments.charge","executed":3,...}
 * GET  /actuator/idempotency/Payments.charge?state=running[&amp;limit=100&amp;cursor=...]
 *                                                     {"records":[{"key":...}],"cursor":null}
 * GET  /actuator/idempotency/Payments.charge/order-42 {"key":...,"state":"running",...} (404: none)
 * POST /actuator/idempotency/Payments.charge/order-42 {"dryRun":false}   releases it
 * </pre>
 *
 * <p>{@code state} is {@code running} (with stuck claims), {@code stuck}, {@code completed}, {@code
 * failed}, {@code released} or {@code all}. A release without {@code "dryRun": false} only answers
 * what it would release. A release ends the record in the store, bumps its fence (the old owner's
 * late complete is refused) and forgets this JVM's remembered outcome; other JVMs of the
 * application keep replaying a completed outcome they remember until its ttl ends. A key is one
 * path segment: a key with {@code /} is shown or released with {@link IdempotencyOperations} or the
 * command {@code dev.idempotent4j.runtime.OperationsCommand}.
 */
@Endpoint(id = "idempotency")
public class IdempotencyEndpoint {

  private final IdempotencyEngine engine;

  /** The endpoint of {@code engine}. */
  public IdempotencyEndpoint(IdempotencyEngine engine) {
    this.engine = engine;
  }

  /** The counters of every task called since the engine started. */
  @ReadOperation
  public Tasks tasks() {
    IdempotencyMetrics metrics = engine.metrics();
    return new Tasks(metrics.tasks(), metrics.total());
  }

  /**
   * The counters of one task (all zero if it was not called) or, with {@code state}, {@code limit}
   * or {@code cursor} given, one page of its keys in the shared store ({@link Keys}).
   *
   * @param state {@code running} (the default when listing), {@code stuck}, {@code completed},
   *     {@code failed}, {@code released} or {@code all}
   * @param limit records per page, 1 to 1000 (default 100)
   * @param cursor the previous page's cursor, for the next page
   */
  @ReadOperation
  public Object task(
      @Selector String task,
      @Nullable String state,
      @Nullable Integer limit,
      @Nullable String cursor) {
    if (state == null && limit == null && cursor == null) {
      return task(task);
    }
    return keys(task, state == null ? "running" : state, limit == null ? 100 : limit, cursor);
  }

  /** The counters of one task (all zero if it was not called). */
  public TaskMetrics task(String task) {
    return engine.metrics().task(task);
  }

  /**
   * One page of {@code task}'s keys in {@code state} (see {@link #task(String, String, Integer,
   * String)}).
   */
  public Keys keys(String task, String state, int limit, @Nullable String cursor) {
    String wanted = state.toLowerCase(Locale.ROOT);
    Set<RecordView.State> states =
        switch (wanted) {
          case "all" -> EnumSet.noneOf(RecordView.State.class);
          case "stuck", "running" -> EnumSet.of(RecordView.State.RUNNING);
          case "completed", "failed", "released" ->
              EnumSet.of(RecordView.State.valueOf(wanted.toUpperCase(Locale.ROOT)));
          default ->
              throw badRequest(
                  new IllegalArgumentException(
                      "state '"
                          + state
                          + "' is not running, stuck, completed, failed, released or all"));
        };
    StoreOperations.Page page;
    try {
      page = operations().list(task, states, limit, cursor);
    } catch (IllegalArgumentException e) {
      throw badRequest(e);
    }
    List<Key> records =
        page.records().stream()
            .filter(view -> !wanted.equals("stuck") || view.stuck())
            .map(Key::of)
            .toList();
    return new Keys(records, page.cursor());
  }

  /** The record of {@code key} in {@code task}, or null (404) when the store has none. */
  @ReadOperation
  public @Nullable Key key(@Selector String task, @Selector String key) {
    try {
      return operations().show(task, key).map(Key::of).orElse(null);
    } catch (IllegalArgumentException e) {
      throw badRequest(e);
    }
  }

  /**
   * Releases the record of {@code key} in {@code task} when {@code dryRun} is false; otherwise (and
   * by default) only answers what it would release.
   */
  @WriteOperation
  public Release release(@Selector String task, @Selector String key, @Nullable Boolean dryRun) {
    boolean dry = dryRun == null || dryRun;
    StoreOperations.Released released;
    try {
      released = operations().release(task, key, dry);
    } catch (IllegalArgumentException e) {
      throw badRequest(e);
    }
    return new Release(
        released.key(),
        dry,
        released.released(),
        released.fence(),
        released.before() == null ? null : Key.of(released.before()));
  }

  /** A bad task name, state, limit or cursor: 400, with the message. */
  private static InvalidEndpointRequestException badRequest(IllegalArgumentException e) {
    return new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
  }

  private static IdempotencyOperations operations() {
    return Idempotency.operations();
  }

  /**
   * The endpoint's answer: every task's counters and their sum.
   *
   * @param tasks by task name
   * @param total the sum, under the name {@code "*"}
   */
  public record Tasks(Map<String, TaskMetrics> tasks, TaskMetrics total) {}

  /**
   * A key's record as the endpoint shows it ({@link RecordView}; times in milliseconds).
   *
   * @param key the full key
   * @param state {@code running}, {@code completed}, {@code failed} or {@code released}
   * @param stuck a running claim whose lease has lapsed
   * @param owner who claimed it
   * @param attempt the attempt number
   * @param fence the fencing token
   * @param leaseLeftMillis the running claim's lease left, or null
   * @param ttlLeftMillis how long the store keeps the record, or null
   * @param resultSize the stored result's size in bytes, -1 without one (never the result itself)
   * @param errorType a cached failure's class name, or null
   */
  public record Key(
      String key,
      String state,
      boolean stuck,
      String owner,
      int attempt,
      long fence,
      @Nullable Long leaseLeftMillis,
      @Nullable Long ttlLeftMillis,
      long resultSize,
      @Nullable String errorType) {

    static Key of(RecordView view) {
      return new Key(
          view.key(),
          view.state().name().toLowerCase(Locale.ROOT),
          view.stuck(),
          view.owner(),
          view.attempt(),
          view.fence(),
          millis(view.leaseLeft()),
          millis(view.ttlLeft()),
          view.resultSize(),
          view.errorType());
    }

    private static @Nullable Long millis(@Nullable Duration duration) {
      return duration == null ? null : duration.toMillis();
    }
  }

  /**
   * A page of keys.
   *
   * @param records the keys found
   * @param cursor pass it as {@code cursor} for the next page; null after the last
   */
  public record Keys(List<Key> records, @Nullable String cursor) {}

  /**
   * The answer of a release.
   *
   * @param key the full key
   * @param dryRun whether it was only a dry run
   * @param released whether the record was ended
   * @param fence the fence now (raised when released)
   * @param before the record as it was, or null when there was none
   */
  public record Release(
      String key, boolean dryRun, boolean released, long fence, @Nullable Key before) {}
}
