package dev.idempotent4j.benchmarks.flows;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.idempotent4j.benchmarks.Receipts;
import java.time.Duration;

/**
 * What a careful developer writes by hand for a one-JVM duplicate check: the key built the way
 * idempotent4j builds it ({@code prefix:task:template}), a bounded, expiring Caffeine cache of
 * results, check then run then put. It has no single flight and no escaping (the benchmark's ids
 * need none), so it is the lower bound of the local tier.
 *
 * <pre>{@code
 * HandWrittenCaffeine orders = new HandWrittenCaffeine();
 * String receipt = orders.confirm("order-42");
 * }</pre>
 */
public final class HandWrittenCaffeine {

  private final Cache<String, String> results =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24)).build();

  /** Returns the remembered receipt of {@code orderId}, or confirms it and remembers it. */
  public String confirm(String orderId) {
    String key = "i4j:Orders.confirm:order:" + orderId;
    String receipt = results.getIfPresent(key);
    if (receipt == null) {
      receipt = Receipts.confirm(orderId);
      results.put(key, receipt);
    }
    return receipt;
  }
}
