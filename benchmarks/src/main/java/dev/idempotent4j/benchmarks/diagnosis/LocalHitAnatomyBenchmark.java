package dev.idempotent4j.benchmarks.diagnosis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.idempotent4j.benchmarks.KeyPool;
import dev.idempotent4j.benchmarks.Orders_Idempotent4j;
import dev.idempotent4j.runtime.internal.Keys;
import dev.idempotent4j.runtime.spi.KeyDeriver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Diagnosis of case 1, not one of the cases: the parts of a woven local duplicate hit,
 * each measured alone, today's way against the way docs/PERFORMANCE.md recommends. The proposed
 * variants are prototypes written here, in benchmark code, to size each recommendation before the
 * engine changes; they are not the runtime's code.
 *
 * <ul>
 *   <li>key: the generated deriver ({@code KeyBuilder}, one char at a time) plus {@code
 *       Keys.full} (a second string) against one builder seeded with the precomputed {@code
 *       prefix:name:} head that appends a value in bulk when it needs no escape;
 *   <li>local tier: Caffeine as {@code LocalTier} builds it (variable expiry, maintenance on the
 *       caller's thread) against each factor changed alone: the default executor, the
 *       hand-written cache's fixed expiry, both;
 *   <li>per-call thread-local bookkeeping: {@code remove()} then {@code set()} of the last call's
 *       context (what {@code Frames} does on each hit) against one write to a per-thread holder.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LocalHitAnatomyBenchmark -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LocalHitAnatomyBenchmark {

  static final int IDS = 1024;
  static final String HEAD = "i4j:Orders.confirm:";
  static final ThreadLocal<Object> LAST_CALL = new ThreadLocal<>();
  static final ThreadLocal<Holder> LAST_CALL_HOLDER = ThreadLocal.withInitial(Holder::new);

  final KeyPool ids = new KeyPool(IDS);
  final KeyDeriver deriver = Orders_Idempotent4j.confirm.definition().keyDeriver();
  final Object context = new Object();
  Cache<String, Object> callerThreadVariable;
  Cache<String, Object> defaultExecutorVariable;
  Cache<String, Object> defaultExecutorFixed;
  Cache<String, Object> callerThreadFixed;
  Cache<String, Deadlined> sizeOnly;
  int next;

  /** A mutable per-thread slot: writing it does not touch the thread's ThreadLocalMap. */
  static final class Holder {
    Object value;
  }

  @Setup(Level.Trial)
  public void fill() {
    callerThreadVariable =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .ticker(System::nanoTime)
            .executor(Runnable::run)
            .expireAfter(new FixedTtl())
            .build();
    defaultExecutorVariable =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .ticker(System::nanoTime)
            .expireAfter(new FixedTtl())
            .build();
    defaultExecutorFixed =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24)).build();
    callerThreadFixed =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .executor(Runnable::run)
            .expireAfterWrite(Duration.ofHours(24))
            .build();
    sizeOnly = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    for (int i = 0; i < IDS; i++) {
      String key = HEAD + "order:" + ids.id(i);
      callerThreadFixed.put(key, context);
      sizeOnly.put(key, new Deadlined(context, System.nanoTime() + TimeUnit.HOURS.toNanos(24)));
      callerThreadVariable.put(key, context);
      defaultExecutorVariable.put(key, context);
      defaultExecutorFixed.put(key, context);
    }
  }

  private String nextId() {
    return ids.id(next++ & (IDS - 1));
  }

  // --- the key ------------------------------------------------------------------------------

  @Benchmark
  public String keyToday() {
    return Keys.full("i4j", "Orders.confirm", deriver.derive(new Object[] {nextId()}));
  }

  @Benchmark
  public String keyProposed() {
    return proposedKey(new Object[] {nextId()});
  }

  @Benchmark
  public String keyConcat() {
    return concatKey(HEAD, new Object[] {nextId()});
  }

  /**
   * The whole key in one string concatenation (one exact-size allocation): the engine passes the
   * task's precomputed {@code prefix:name:} head to the deriver, and escaping returns the value
   * itself when nothing needs escaping.
   */
  static String concatKey(String head, Object[] args) {
    String orderId = (String) args[0];
    return head + "order:" + escapeIfNeeded(orderId);
  }

  private static String escapeIfNeeded(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ':' || c == '%') {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        appendEscaped(escaped, value);
        return escaped.toString();
      }
    }
    return value;
  }

  /** One builder, the head precomputed per task, values appended in bulk when clean. */
  static String proposedKey(Object[] args) {
    String orderId = (String) args[0];
    StringBuilder key = new StringBuilder(HEAD.length() + 6 + orderId.length() + 8);
    key.append(HEAD).append("order:");
    appendEscaped(key, orderId);
    return key.toString();
  }

  private static void appendEscaped(StringBuilder out, String value) {
    int length = value.length();
    int i = 0;
    while (i < length) {
      char c = value.charAt(i);
      if (c == ':' || c == '%') {
        break;
      }
      i++;
    }
    if (i == length) {
      out.append(value);
      return;
    }
    out.append(value, 0, i);
    for (; i < length; i++) {
      char c = value.charAt(i);
      if (c == ':' || c == '%') {
        out.append('%').append(c == ':' ? "3A" : "25");
      } else {
        out.append(c);
      }
    }
  }

  // --- the local tier -----------------------------------------------------------------------

  @Benchmark
  public Object localTierToday() {
    return callerThreadVariable.getIfPresent(HEAD + "order:" + nextId());
  }

  @Benchmark
  public Object localTierDefaultExecutor() {
    return defaultExecutorVariable.getIfPresent(HEAD + "order:" + nextId());
  }

  @Benchmark
  public Object localTierFixedExpiry() {
    return defaultExecutorFixed.getIfPresent(HEAD + "order:" + nextId());
  }

  @Benchmark
  public Object localTierFixedExpiryCallerThread() {
    return callerThreadFixed.getIfPresent(HEAD + "order:" + nextId());
  }

  /**
   * A cache bounded by size only, each outcome carrying its own deadline, checked on read: no
   * per-read expiry bookkeeping; an outcome past its deadline is removed when read (or evicted by
   * size).
   */
  @Benchmark
  public Object localTierSizeOnlyDeadline() {
    String key = HEAD + "order:" + nextId();
    Deadlined outcome = sizeOnly.getIfPresent(key);
    if (outcome == null) {
      return null;
    }
    if (System.nanoTime() - outcome.deadline >= 0) {
      sizeOnly.asMap().remove(key, outcome);
      return null;
    }
    return outcome.value;
  }

  /** An outcome with its expiry time, for the size-only cache. */
  static final class Deadlined {
    final Object value;
    final long deadline;

    Deadlined(Object value, long deadline) {
      this.value = value;
      this.deadline = deadline;
    }
  }

  // --- thread-local bookkeeping ---------------------------------------------------------------

  @Benchmark
  public Object lastCallRemoveThenSet() {
    LAST_CALL.remove();
    LAST_CALL.set(context);
    return LAST_CALL;
  }

  @Benchmark
  public Object lastCallHolder() {
    LAST_CALL_HOLDER.get().value = context;
    return LAST_CALL_HOLDER;
  }

  private static final class FixedTtl implements Expiry<String, Object> {
    private static final long TTL = TimeUnit.HOURS.toNanos(24);

    @Override
    public long expireAfterCreate(String key, Object value, long currentTime) {
      return TTL;
    }

    @Override
    public long expireAfterUpdate(String key, Object value, long currentTime, long duration) {
      return TTL;
    }

    @Override
    public long expireAfterRead(String key, Object value, long currentTime, long duration) {
      return duration;
    }
  }
}
