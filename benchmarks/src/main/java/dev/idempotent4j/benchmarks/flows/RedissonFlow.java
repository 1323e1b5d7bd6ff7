package dev.idempotent4j.benchmarks.flows;

import dev.idempotent4j.benchmarks.Receipts;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The same duplicate check with Redisson: {@code RBucket.get}; {@code RLock.lock} with a 30 s lease
 * (no watchdog: the cheapest lock Redisson offers); {@code get} again; run; {@code RBucket.set}
 * with a 24 h TTL; {@code unlock}. Default single-server configuration.
 *
 * <pre>{@code
 * try (RedissonFlow orders = new RedissonFlow("redis://127.0.0.1:6379")) {
 *   String receipt = orders.confirm("order-42");
 * }
 * }</pre>
 */
public final class RedissonFlow implements AutoCloseable {

  private final RedissonClient redisson;

  /** Connects to {@code uri}. */
  public RedissonFlow(String uri) {
    Config config = new Config();
    config.useSingleServer().setAddress(uri);
    this.redisson = Redisson.create(config);
  }

  /** Returns the stored receipt of {@code orderId}, or confirms it under the lock and stores it. */
  public String confirm(String orderId) {
    String key = "rs:Orders.confirm:order:" + orderId;
    RBucket<String> bucket = redisson.getBucket(key, StringCodec.INSTANCE);
    String receipt = bucket.get();
    if (receipt != null) {
      return receipt;
    }
    RLock lock = redisson.getLock(key + ":lock");
    lock.lock(30, TimeUnit.SECONDS);
    try {
      receipt = bucket.get();
      if (receipt != null) {
        return receipt;
      }
      receipt = Receipts.confirm(orderId);
      bucket.set(receipt, Duration.ofHours(24));
      return receipt;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    redisson.shutdown();
  }
}
