package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which reading of the clock decides whether an outcome's ttl has passed. */
class LocalTierTest {

  /** A clock whose recent reading moves only when the test moves it. */
  private static final class LaggingClock implements EngineClock {
    long now = 1_000_000_000L;
    long recent = now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public long recentNanoTime() {
      return recent;
    }

    @Override
    public Timer schedule(Runnable task, long delayNanos) {
      throw new UnsupportedOperationException("the local tier schedules nothing");
    }

    void advance(Duration duration) {
      now += duration.toNanos();
    }

    void catchUp() {
      recent = now;
    }
  }

  private static final String TASK = "Orders.confirm";

  private final LaggingClock clock = new LaggingClock();
  private final LocalTier local = new LocalTier(100, clock);

  @Test
  void aLongTtlEndsWhenTheRecentReadingPassesIt() {
    Outcome outcome = outcome(Duration.ofDays(1));
    local.put(TASK, "k", outcome);

    clock.advance(Duration.ofDays(1));
    assertThat(local.get(TASK, "k")).as("the recent reading lags behind").isSameAs(outcome);

    clock.catchUp();
    assertThat(local.get(TASK, "k")).isNull();
  }

  @Test
  void aTtlShorterThanAHundredLagsIsCheckedAgainstTheExactClock() {
    Duration ttl = Duration.ofNanos(LocalTier.EXACT_BELOW_NANOS - 1);
    local.put(TASK, "k", outcome(ttl));

    clock.advance(ttl);
    assertThat(local.get(TASK, "k")).isNull();
  }

  @Test
  void noOutcomeEndsBeforeItsTtlOnEitherReading() {
    Outcome shortLived = outcome(Duration.ofMillis(50));
    Outcome longLived = outcome(Duration.ofHours(1));
    local.put(TASK, "short", shortLived);
    local.put(TASK, "long", longLived);

    clock.advance(Duration.ofMillis(50).minusNanos(1));
    clock.catchUp();
    assertThat(local.get(TASK, "short")).isSameAs(shortLived);

    clock.advance(Duration.ofHours(1).minusMillis(50));
    clock.catchUp();
    assertThat(local.get(TASK, "long")).isSameAs(longLived);
  }

  @Test
  void twoTasksWithTheSameLocalKeyKeepTheirOwnOutcomes() {
    Outcome confirmed = outcome(TASK, "order-1", Duration.ofHours(1));
    Outcome shipped = outcome("Orders.ship", "order-1", Duration.ofHours(1));
    local.put(TASK, "order-1", confirmed);
    local.put("Orders.ship", "order-1", shipped);

    assertThat(local.get(TASK, "order-1")).isSameAs(confirmed);
    assertThat(local.get("Orders.ship", "order-1")).isSameAs(shipped);
    assertThat(local.get("Orders.cancel", "order-1")).isNull();

    Outcome again = outcome(TASK, "order-1", Duration.ofHours(1));
    local.put(TASK, "order-1", again);
    assertThat(local.get(TASK, "order-1")).isSameAs(again);
    assertThat(local.get("Orders.ship", "order-1")).isSameAs(shipped);
  }

  @Test
  void theBoundCountsOutcomesNotLocalKeys() {
    LocalTier small = new LocalTier(4, clock);
    for (int task = 0; task < 3; task++) {
      for (int id = 0; id < 3; id++) {
        String name = "T" + task;
        small.put(name, id, outcome(name, Integer.toString(id), Duration.ofHours(1)));
      }
    }
    int held = 0;
    for (int task = 0; task < 3; task++) {
      for (int id = 0; id < 3; id++) {
        held += small.get("T" + task, id) == null ? 0 : 1;
      }
    }
    // Chains of three outcomes (one local key, three tasks) are evicted whole: at most 4 stay.
    assertThat(held).isBetween(1, 4);
  }

  @Test
  void anOutcomeIsForgottenByItsKeyText() {
    Outcome confirmed = outcome(TASK, "order-1", Duration.ofHours(1));
    Outcome shipped = outcome("Orders.ship", "order-1", Duration.ofHours(1));
    local.put(TASK, "order-1", confirmed);
    local.put("Orders.ship", "order-1", shipped);

    local.remove("i4j:Orders.ship:order:order-1");

    assertThat(local.get("Orders.ship", "order-1")).isNull();
    assertThat(local.get(TASK, "order-1")).isSameAs(confirmed);
    assertThat(local.find("i4j:Orders.confirm:order:order-1")).isSameAs(confirmed);
  }

  private static Outcome outcome(String task, String id, Duration ttl) {
    Flight flight = new Flight(task, "i4j:" + task + ":order:" + id, id, null, 1, 1);
    return Outcome.success(flight, "receipt", ttl.toNanos());
  }

  private static Outcome outcome(Duration ttl) {
    Flight flight = new Flight("Orders.confirm", "i4j:Orders.confirm:order:1", "1", null, 1, 1);
    return Outcome.success(flight, "receipt", ttl.toNanos());
  }
}
