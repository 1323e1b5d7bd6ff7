package dev.idempotent4j.runtime.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The wake-ups of waiters: the store's one pub/sub connection (opened on the first listener), one
 * {@code SUBSCRIBE} per channel while it has listeners, and the dispatch of each message to them on
 * Lettuce's event loop.
 *
 * <pre>{@code
 * AutoCloseable handle = notifications.listen(key, () -> LockSupport.unpark(waiter));
 * }</pre>
 */
final class RedisNotifications {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  private final Supplier<StatefulRedisPubSubConnection<String, String>> factory;
  private final RedisCalls calls;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentHashMap<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private volatile StatefulRedisPubSubConnection<String, String> pubSub;
  private volatile boolean closed;

  RedisNotifications(
      Supplier<StatefulRedisPubSubConnection<String, String>> factory, RedisCalls calls) {
    this.factory = factory;
    this.calls = calls;
  }

  /** See {@link RedisStore#onChange}. */
  AutoCloseable listen(String key, Runnable listener) {
    String channel = RedisKeys.channel(key);
    Listener registered = new Listener(listener);
    StatefulRedisPubSubConnection<String, String> connection = pubSub();
    AtomicReference<RedisFuture<Void>> subscribed = new AtomicReference<>();
    listeners.compute(
        channel,
        (name, set) -> {
          Set<Listener> present = set == null ? new CopyOnWriteArraySet<>() : set;
          if (present.isEmpty()) {
            // issued inside compute: SUBSCRIBE/UNSUBSCRIBE leave in the order the map changes
            subscribed.set(connection.async().subscribe(name));
          }
          present.add(registered);
          return present;
        });
    if (subscribed.get() != null) {
      try {
        calls.await(subscribed.get(), "SUBSCRIBE", key);
      } catch (RuntimeException e) {
        remove(channel, registered);
        throw e;
      }
    }
    return () -> remove(channel, registered);
  }

  /** Closes the pub/sub connection, if one was opened. */
  void close() {
    closed = true;
    StatefulRedisPubSubConnection<String, String> subscriber = pubSub;
    if (subscriber != null) {
      subscriber.close();
    }
  }

  private StatefulRedisPubSubConnection<String, String> pubSub() {
    StatefulRedisPubSubConnection<String, String> current = pubSub;
    if (current != null) {
      return current;
    }
    lock.lock();
    try {
      if (pubSub == null) {
        StatefulRedisPubSubConnection<String, String> opened;
        try {
          opened = factory.get();
        } catch (RedisException e) {
          throw RedisCalls.unavailable("a pub/sub connection", "", e);
        }
        opened.addListener(
            new RedisPubSubAdapter<>() {
              @Override
              public void message(String channel, String message) {
                wake(channel);
              }
            });
        pubSub = opened;
      }
      return pubSub;
    } finally {
      lock.unlock();
    }
  }

  private void wake(String channel) {
    Set<Listener> set = listeners.get(channel);
    if (set == null) {
      return;
    }
    for (Listener listener : set) {
      try {
        listener.action.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "A change listener of " + channel + " failed", e);
      }
    }
  }

  private void remove(String channel, Listener registered) {
    listeners.computeIfPresent(
        channel,
        (name, set) -> {
          set.remove(registered);
          if (set.isEmpty()) {
            StatefulRedisPubSubConnection<String, String> subscriber = pubSub;
            if (subscriber != null && !closed) {
              // best effort, not awaited: a stray message is harmless
              var unused = subscriber.async().unsubscribe(name);
            }
            return null;
          }
          return set;
        });
  }

  /** A registration; its own identity, so one Runnable may listen twice. */
  private static final class Listener {
    final Runnable action;

    Listener(Runnable action) {
      this.action = action;
    }
  }
}
