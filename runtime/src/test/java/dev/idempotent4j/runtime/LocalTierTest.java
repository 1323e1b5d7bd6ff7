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

  private final LaggingClock clock = new LaggingClock();
  private final LocalTier local = new LocalTier(100, clock);

  @Test
  void aLongTtlEndsWhenTheRecentReadingPassesIt() {
    Outcome outcome = outcome(Duration.ofDays(1));
    local.put("k", outcome);

    clock.advance(Duration.ofDays(1));
    assertThat(local.get("k")).as("the recent reading lags behind").isSameAs(outcome);

    clock.catchUp();
    assertThat(local.get("k")).isNull();
  }

  @Test
  void aTtlShorterThanAHundredLagsIsCheckedAgainstTheExactClock() {
    Duration ttl = Duration.ofNanos(LocalTier.EXACT_BELOW_NANOS - 1);
    local.put("k", outcome(ttl));

    clock.advance(ttl);
    assertThat(local.get("k")).isNull();
  }

  @Test
  void noOutcomeEndsBeforeItsTtlOnEitherReading() {
    Outcome shortLived = outcome(Duration.ofMillis(50));
    Outcome longLived = outcome(Duration.ofHours(1));
    local.put("short", shortLived);
    local.put("long", longLived);

    clock.advance(Duration.ofMillis(50).minusNanos(1));
    clock.catchUp();
    assertThat(local.get("short")).isSameAs(shortLived);

    clock.advance(Duration.ofHours(1).minusMillis(50));
    clock.catchUp();
    assertThat(local.get("long")).isSameAs(longLived);
  }

  private static Outcome outcome(Duration ttl) {
    Flight flight = new Flight("Orders.confirm", "i4j:Orders.confirm:order:1", null, 1, 1);
    return Outcome.success(flight, "receipt", ttl.toNanos());
  }
}
