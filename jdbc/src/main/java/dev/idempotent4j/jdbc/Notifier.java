package dev.idempotent4j.jdbc;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups for waiters: one dedicated connection {@code LISTEN}s on the table's channel, opened at
 * the first {@link #listen} and kept by one daemon thread, which reconnects (once a second) after
 * the connection dropped. Notifications carry {@code md5(key)}. Delivery is best effort: waiters
 * poll besides, so a lost connection only slows them down.
 */
final class Notifier implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

  private final Connections connections;
  private final String channel;
  private final ConcurrentHashMap<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();
  private final ReentrantLock startLock = new ReentrantLock();
  private volatile CountDownLatch listening = new CountDownLatch(1);
  private volatile Thread thread;
  private volatile Connection connection;
  private volatile boolean closed;

  Notifier(Connections connections, String channel) {
    this.connections = connections;
    this.channel = channel;
  }

  AutoCloseable listen(String key, Runnable listener) {
    String id = md5(key);
    // a distinct instance per registration (new always makes one; a method reference need not),
    // so that closing one registration of a listener leaves its others in the set
    Runnable registered =
        new Runnable() {
          @Override
          public void run() {
            listener.run();
          }
        };
    listeners.computeIfAbsent(id, k -> new CopyOnWriteArraySet<>()).add(registered);
    start();
    try {
      // the waiting protocol claims after this returns: LISTEN must be in place by then, or a
      // notification in between is lost (the wait would end only at the next poll)
      listening.await(connections.timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return () ->
        listeners.computeIfPresent(
            id,
            (k, set) -> {
              set.remove(registered);
              return set.isEmpty() ? null : set;
            });
  }

  private void start() {
    if (thread != null) {
      return;
    }
    startLock.lock();
    try {
      if (thread == null && !closed) {
        Thread t = new Thread(this::loop, "idempotent4j-jdbc-listen-" + channel);
        t.setDaemon(true);
        thread = t;
        t.start();
      }
    } finally {
      startLock.unlock();
    }
  }

  private void loop() {
    while (!closed) {
      try (Connection c = connections.open()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        c.setNetworkTimeout(
            Runnable::run, 0); // it waits for notifications, for as long as it takes
        listening.countDown();
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] received = pg.getNotifications(500);
          if (received == null) {
            continue;
          }
          for (PGNotification n : received) {
            Set<Runnable> set = listeners.get(n.getParameter());
            if (set != null) {
              set.forEach(Notifier::wake);
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(
            Level.DEBUG,
            "idempotent4j: the LISTEN connection on " + channel + " failed; waiters poll",
            e);
        if (listening.getCount() == 0) {
          listening = new CountDownLatch(1);
        }
        // every change meanwhile went unheard: wake everyone, they claim again
        listeners.values().forEach(set -> set.forEach(Notifier::wake));
        sleep();
      }
    }
  }

  private static void wake(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "idempotent4j: a change listener failed", e);
    }
  }

  private void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      Connection c = connection;
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing anyway
        }
      }
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String md5(String key) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
