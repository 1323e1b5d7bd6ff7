package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The recent reading: never ahead of the real clock, refreshed while read often, the real clock
 * when read rarely or after a pause.
 */
class SystemClockTest {

  private static final long PATIENCE = TimeUnit.SECONDS.toNanos(10);

  private final SystemClock clock = new SystemClock();

  @AfterEach
  void close() {
    clock.close();
  }

  @Test
  void frequentReadsKeepTheReadingRefreshedAndNeverAheadOfTheClock() {
    long first = clock.recentNanoTime();
    assertThat(clock.ticking()).as("the first read starts a trial").isTrue();
    long recent = first;
    long aheadOfTheClock = 0;
    long deadline = System.nanoTime() + PATIENCE;
    // Until three ticks in a row saw this thread's reads (a starved machine may stop a few first).
    while (clock.busyTicks() < 3 && System.nanoTime() - deadline < 0) {
      recent = clock.recentNanoTime();
      if (recent > System.nanoTime()) {
        aheadOfTheClock++;
      }
    }
    assertThat(clock.busyTicks()).isGreaterThanOrEqualTo(3);
    assertThat(recent).as("refreshed by the ticks").isGreaterThan(first);
    assertThat(aheadOfTheClock).isZero();
  }

  @Test
  void rareReadsStopTheTicksAndTakeTheRealClock() {
    clock.recentNanoTime();
    awaitStopped();

    for (int i = 0; i < 3; i++) {
      long before = System.nanoTime();
      assertThat(clock.recentNanoTime()).isGreaterThanOrEqualTo(before);
    }
    // Within the trial interval, a few reads do not start ticking again.
    assertThat(clock.ticking()).isFalse();
  }

  @Test
  void aClosedClockReadsTheRealClockEveryTime() {
    clock.recentNanoTime();
    assertThat(clock.ticking()).isTrue();
    clock.close();
    for (int i = 0; i < 3; i++) {
      long before = System.nanoTime();
      assertThat(clock.recentNanoTime()).isGreaterThanOrEqualTo(before);
      assertThat(clock.ticking()).isFalse();
    }
  }

  @Test
  void manyReadersSeeReadingsThatNeverRunAheadOfTheClock() throws Exception {
    Thread[] readers = new Thread[8];
    long[] violations = new long[readers.length];
    for (int t = 0; t < readers.length; t++) {
      int index = t;
      readers[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 200_000; i++) {
                  long recent = clock.recentNanoTime();
                  if (recent > System.nanoTime()) {
                    violations[index]++;
                  }
                }
              });
      readers[t].start();
    }
    for (Thread reader : readers) {
      reader.join();
    }
    assertThat(violations).containsOnly(0L);
  }

  private void awaitStopped() {
    long deadline = System.nanoTime() + PATIENCE;
    while (clock.ticking() && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(EngineClock.RECENT_LAG_NANOS);
    }
    assertThat(clock.ticking()).as("stopped after a tick with too few reads").isFalse();
  }
}
