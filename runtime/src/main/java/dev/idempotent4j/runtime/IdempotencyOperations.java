package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoreOperations;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An operator's view of the shared store, by task name and key as the application names them (the
 * full key {@code prefix:task:key} is derived as the engine derives it): see a key ({@link #show}),
 * list a task's running or stuck keys ({@link #list}), end a claim or an outcome ({@link
 * #release}). The same operations are the command {@code
 * dev.idempotent4j.runtime.OperationsCommand} and the Spring Boot actuator endpoint {@code
 * idempotency}.
 *
 * <pre>{@code
 * IdempotencyOperations operations = Idempotency.operations();
 * Optional<RecordView> view = operations.show("Payments.charge", "order-42");
 * StoreOperations.Released dry = operations.release("Payments.charge", "order-42", true);
 * StoreOperations.Released done = operations.release("Payments.charge", "order-42", false);
 * }</pre>
 *
 * <p>A release ends the record in the store (its fence goes up, so the old owner's late complete is
 * refused) and forgets the outcome this JVM's local tier remembered for the key. Other JVMs' local
 * tiers are not told: a completed outcome they remember is replayed there until its ttl ends (or
 * they restart). Releasing a running claim needs no local eviction anywhere, since local tiers
 * remember only outcomes.
 */
public final class IdempotencyOperations {

  private final String prefix;
  private final SharedStore store;
  private final Consumer<String> forget;

  private IdempotencyOperations(String prefix, SharedStore store, Consumer<String> forget) {
    this.prefix = prefix;
    this.store = store;
    this.forget = forget;
  }

  /** The operations of {@code engine}: its store, its prefix, its local tier. */
  static IdempotencyOperations of(Engine engine) {
    return new IdempotencyOperations(engine.settings().prefix(), engine.store(), engine::forget);
  }

  /** The operations of a store opened without an engine (the command): no local tier to tell. */
  static IdempotencyOperations of(String prefix, SharedStore store) {
    return new IdempotencyOperations(prefix, store, key -> {});
  }

  /**
   * The full key of {@code key} in task {@code task}: {@code prefix:task:key}, shortened as the
   * engine shortens keys past 512 bytes.
   *
   * @throws IllegalArgumentException if {@code task} is not a valid task name or {@code key} is
   *     empty
   */
  public String key(String task, String key) {
    TaskDefinition.builder(task); // validates the name
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw Errors.emptyOperationsKey(task);
    }
    return Keys.bounded(Keys.head(prefix, task) + key);
  }

  /**
   * The record of {@code key} in task {@code task}, or empty when the store has none.
   *
   * @throws IllegalStateException if there is no shared store, or it offers no operations
   * @throws StoreUnavailableException if the store cannot be reached
   * @throws CorruptRecordException if the value under the key is not a record (left untouched)
   */
  public Optional<RecordView> show(String task, String key) {
    return operations().show(key(task, key));
  }

  /**
   * One page of task {@code task}'s records in {@code states} (empty: every state); pass the page's
   * cursor for the next one, null for the first.
   *
   * @throws IllegalArgumentException if {@code task} is not valid, {@code limit} is not 1 to 1000,
   *     or {@code cursor} was not handed out by {@code list}
   * @throws IllegalStateException if there is no shared store, or it offers no operations
   * @throws StoreUnavailableException if the store cannot be reached
   */
  public StoreOperations.Page list(
      String task, Set<RecordView.State> states, int limit, String cursor) {
    TaskDefinition.builder(task);
    return operations().list(Keys.head(prefix, task), Set.copyOf(states), limit, cursor);
  }

  /**
   * Ends the record of {@code key} in task {@code task} (running, completed or failed), so that its
   * next call runs the task: the store bumps the key's fence and wakes its waiters, and this JVM's
   * local tier forgets the key's outcome. With {@code dryRun}, only answers what it would release.
   * Without a shared store it forgets the local outcome only, and answers no record.
   *
   * @throws IllegalStateException if the shared store offers no operations
   * @throws StoreUnavailableException if the store cannot be reached (the release may or may not
   *     have happened; it is safe to repeat)
   * @throws CorruptRecordException if the value under the key is not a record (left untouched)
   */
  public StoreOperations.Released release(String task, String key, boolean dryRun) {
    String full = key(task, key);
    if (store == null) {
      if (!dryRun) {
        forget.accept(full);
      }
      return new StoreOperations.Released(full, null, false, 0);
    }
    StoreOperations.Released released = operations().release(full, dryRun);
    if (!dryRun) {
      forget.accept(full);
    }
    return released;
  }

  private StoreOperations operations() {
    if (store == null) {
      throw Errors.noStoreOperations(null);
    }
    return store.operations().orElseThrow(() -> Errors.noStoreOperations(store.toString()));
  }
}
