package dev.idempotent4j.runtime.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an operator does with a store's records without reading the storage format: see a key
 * ({@link #show}), list the keys of a task ({@link #list}), end a claim ({@link #release}). A store
 * offers it through {@link SharedStore#operations()}; these are rare, human-paced calls, never on a
 * task's path.
 *
 * <pre>{@code
 * StoreOperations operations = store.operations().orElseThrow();
 * Page page = operations.list("i4j:Payments.charge:", Set.of(RecordView.State.RUNNING), 100, null);
 * for (RecordView view : page.records()) {
 *   if (view.stuck()) {
 *     operations.release(view.key(), false);
 *   }
 * }
 * }</pre>
 *
 * <p>Every method throws {@link dev.idempotent4j.runtime.StoreUnavailableException} when the store
 * cannot be reached, and {@link dev.idempotent4j.runtime.CorruptRecordException} when the value
 * under the key is not a record the store wrote (it is then left untouched; {@link #list} skips
 * such values instead).
 */
public interface StoreOperations {

  /** The record under the full task {@code key}, or empty when it has none. */
  Optional<RecordView> show(String key);

  /**
   * One page of the records whose keys start with {@code keyPrefix} (a task's keys: {@code
   * prefix:task:}), in no particular order. Pass the returned {@link Page#cursor()} to get the next
   * page; a page may hold fewer than {@code limit} records (even none) while the cursor is not
   * null.
   *
   * @param states the states to list; empty for every state
   * @param limit how many records a page should hold (1 to 1000); a store that scans in batches
   *     (Redis) ends a page after the batch that reached it, so a page may hold a few more
   * @param cursor null for the first page, else the cursor of the previous page
   * @throws IllegalArgumentException if {@code limit} is out of range or {@code cursor} is not one
   *     this store handed out
   */
  Page list(String keyPrefix, Set<RecordView.State> states, int limit, String cursor);

  /**
   * Ends the record under {@code key}, whatever its state: a running claim, a completed outcome or
   * a cached failure; the next call of the key runs the task again. The fence is bumped (it never
   * goes back), so the old owner's late complete, fail or renew is refused, and the key's waiters
   * are woken. With {@code dryRun}, only says what it would do.
   */
  Released release(String key, boolean dryRun);

  /**
   * A page of {@link #list}.
   *
   * @param records the records found, at most the limit asked for
   * @param cursor where the next page starts, or null when this was the last
   */
  record Page(List<RecordView> records, String cursor) {
    /** Copies the records. */
    public Page {
      records = List.copyOf(records);
    }
  }

  /**
   * The answer of {@link #release}.
   *
   * @param key the full task key
   * @param before the record as it was, or null when the key had none (nothing to release)
   * @param released true when the record was ended; false for a dry run or when it had none
   * @param fence the fence now (after the bump when released); 0 when the key never had one
   */
  record Released(String key, RecordView before, boolean released, long fence) {}
}
