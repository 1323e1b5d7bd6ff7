package dev.idempotent4j.benchmarks;

/**
 * Order ids made before measuring, so that no benchmark builds its argument inside the measured
 * loop. Ids carry a per-fork run id, so two forks (or two benchmarks) never share a key in Redis,
 * and a generation that {@link #renew()} bumps, so a first-execution benchmark can use every id
 * once per iteration. Each thread reads its own slice through its own cursor.
 *
 * <pre>{@code
 * KeyPool pool = new KeyPool(1 << 18);
 * String id = pool.id(threadIndex * pool.slice(threads) + i);
 * }</pre>
 */
public final class KeyPool {

  private final String run = Long.toString(System.nanoTime(), 36);
  private final String[] ids;
  private int generation;

  /** A pool of {@code size} distinct ids. */
  public KeyPool(int size) {
    this.ids = new String[size];
    fill();
  }

  /** Replaces every id with one never handed out before. */
  public void renew() {
    generation++;
    fill();
  }

  /** The number of ids. */
  public int size() {
    return ids.length;
  }

  /** The id at {@code index}. */
  public String id(int index) {
    return ids[index];
  }

  /** How many ids each of {@code threads} threads owns. */
  public int slice(int threads) {
    return ids.length / threads;
  }

  private void fill() {
    String head = "o" + run + "g" + generation + "-";
    for (int i = 0; i < ids.length; i++) {
      ids[i] = head + i;
    }
  }
}
