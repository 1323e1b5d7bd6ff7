package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the leases of this JVM's running claims alive: every third of a lease, one {@link
 * SharedStore#renew} call extends all running claims of that lease duration (one call per distinct
 * duration, however many claims), until the claim's maximum run time has passed. A claim the store
 * reports lost is marked {@link Held#lost}: its execution must not record an outcome.
 *
 * <pre>{@code
 * LeaseRenewer renewer = new LeaseRenewer(store, clock);
 * LeaseRenewer.Held held = renewer.register(key, fence, Duration.ofSeconds(30), counters, maxRun);
 * ... run the task ...
 * renewer.finish(held);
 * if (!held.lost()) store.complete(key, fence, json, ttl);
 * }</pre>
 *
 * <p>Timing comes from the engine's {@link EngineClock} (a fake clock in tests); the renew calls
 * themselves run on one daemon thread of their own, because they wait for Redis and the clock's
 * timer thread must not block.
 */
final class LeaseRenewer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("dev.idempotent4j.runtime");

  private final SharedStore store;
  private final EngineClock clock;
  private final ConcurrentHashMap<Duration, Group> groups = new ConcurrentHashMap<>();
  private final ExecutorService worker;
  private volatile boolean stopped;

  LeaseRenewer(SharedStore store, EngineClock clock) {
    this.store = store;
    this.clock = clock;
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "idempotent4j-lease-renewer");
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true); // no thread while nothing runs
    this.worker = executor;
  }

  /**
   * Starts renewing the claim of {@code key} fenced by {@code fence}, every third of {@code lease},
   * for at most {@code maxRunNanos}: a renewal due after that is not made, so the key can be taken
   * over once the lease runs out (at most {@code maxRunNanos} plus a lease after the claim).
   */
  Held register(String key, Fence fence, Duration lease, TaskCounters counters, long maxRunNanos) {
    // Confirmed as of now, a round trip after the store granted it: an estimate that may run late
    // by that round trip, which is safe, since it only bounds how long a fenced write is retried.
    long now = clock.nanoTime();
    long runUntil = now + maxRunNanos;
    Held held =
        new Held(
            new Lease(key, fence),
            counters,
            lease.toNanos(),
            now,
            runUntil - now < 0 ? now + Long.MAX_VALUE / 2 : runUntil);
    Group group = groups.computeIfAbsent(lease, Group::new);
    group.running.add(held);
    if (group.scheduled.compareAndSet(false, true)) {
      schedule(group);
    }
    return held;
  }

  /** Stops renewing {@code held}: its execution ended. Later reports of it as lost are ignored. */
  void finish(Held held) {
    held.finished = true;
    for (Group group : groups.values()) {
      if (group.running.remove(held)) {
        return;
      }
    }
  }

  /**
   * Stops all renewal: leases then run out in the store. For shutdown, and for tests that let a
   * lease lapse under a running task.
   */
  void stop() {
    stopped = true;
  }

  @Override
  public void close() {
    stop();
    worker.shutdownNow();
  }

  private void schedule(Group group) {
    if (stopped) {
      group.scheduled.set(false);
      return;
    }
    clock.schedule(
        () -> {
          try {
            worker.execute(() -> tick(group));
          } catch (RejectedExecutionException closed) {
            group.scheduled.set(false);
          }
        },
        group.periodNanos);
  }

  private void tick(Group group) {
    if (stopped) {
      group.scheduled.set(false);
      return;
    }
    List<Held> snapshot = new ArrayList<>(group.running.size());
    long now = clock.nanoTime();
    for (Held held : group.running) {
      if (now - held.runUntil >= 0) {
        overran(group, held);
      } else {
        snapshot.add(held);
      }
    }
    if (!snapshot.isEmpty()) {
      renew(group.lease, snapshot);
    }
    if (group.running.isEmpty()) {
      group.scheduled.set(false);
      // a claim registered between the emptiness check and the flag would go unrenewed
      if (group.running.isEmpty() || !group.scheduled.compareAndSet(false, true)) {
        return;
      }
    }
    schedule(group);
  }

  /** A claim past its maximum run time: no longer renewed, logged and counted once. */
  private void overran(Group group, Held held) {
    if (group.running.remove(held) && !held.finished) {
      held.counters.overruns.increment();
      LOG.log(
          Level.WARNING,
          Errors.overran(held.counters.task, held.lease.key(), held.lease.fence(), group.lease));
    }
  }

  private void renew(Duration lease, List<Held> running) {
    List<Lease> leases = new ArrayList<>(running.size());
    Map<Lease, Held> byLease = new HashMap<>();
    for (Held held : running) {
      leases.add(held.lease);
      byLease.put(held.lease, held);
    }
    List<Lease> lost;
    long sentAt = clock.nanoTime(); // each lease renewed now runs at least a lease from here
    try {
      lost = store.renew(leases, lease);
    } catch (RuntimeException e) {
      // The leases may run out; their executions learn it when they try to record the outcome.
      IdentityHashMap<TaskCounters, Boolean> tasks = new IdentityHashMap<>();
      for (Held held : running) {
        if (tasks.put(held.counters, Boolean.TRUE) == null) {
          held.counters.storeErrors.increment();
        }
      }
      LOG.log(
          Level.WARNING,
          "idempotent4j could not renew "
              + leases.size()
              + " lease(s) of "
              + lease
              + " (e.g. key '"
              + leases.get(0).key()
              + "'); they run out unless a later renewal succeeds: "
              + e.getMessage());
      return;
    }
    for (Held held : running) {
      held.confirmedAt = sentAt; // those lost are marked below and never read it again
    }
    for (Lease gone : lost) {
      Held held = byLease.get(gone);
      if (held != null && !held.finished) {
        held.lost = true;
        LOG.log(
            Level.DEBUG,
            "idempotent4j: lease of key ''{0}'' (token {1}) was lost while the task runs",
            gone.key(),
            gone.fence().token());
      }
    }
  }

  /** One running claim whose lease is renewed. */
  static final class Held {
    final Lease lease;
    final TaskCounters counters;
    private final long leaseNanos;

    /** When the store last confirmed the lease (claim or renewal), on the engine's clock. */
    volatile long confirmedAt;

    /** No renewal is made from this time on: the task's maximum run time has passed. */
    final long runUntil;

    volatile boolean finished;
    volatile boolean lost;

    Held(Lease lease, TaskCounters counters, long leaseNanos, long confirmedAt, long runUntil) {
      this.lease = lease;
      this.counters = counters;
      this.leaseNanos = leaseNanos;
      this.confirmedAt = confirmedAt;
      this.runUntil = runUntil;
    }

    /** Whether the store reported this claim lost (taken over or expired) while it ran. */
    boolean lost() {
      return lost;
    }

    /**
     * Nanoseconds until the lease runs out unless renewed meanwhile, as far as this JVM knows:
     * measured from the last confirmation, so never earlier than the store's own expiry.
     */
    long nanosLeft(long now) {
      return lost ? 0 : confirmedAt + leaseNanos - now;
    }
  }

  /** The running claims of one lease duration: renewed together. */
  private static final class Group {
    final Duration lease;
    final long periodNanos;
    final Set<Held> running = ConcurrentHashMap.newKeySet();
    final AtomicBoolean scheduled = new AtomicBoolean();

    Group(Duration lease) {
      this.lease = lease;
      this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), lease.toNanos() / 3);
    }
  }
}
