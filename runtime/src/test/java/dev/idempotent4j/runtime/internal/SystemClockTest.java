package dev.idempotent4j.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recent reading: never ahead of the real clock, refreshed while read, fresh after a pause. */
class SystemClockTest {

  private static final long PATIENCE = TimeUnit.SECONDS.toNanos(10);

  private final SystemClock clock = new SystemClock();

  @AfterEach
  void close() {
    clock.close();
  }

  @Test
  void recentReadingIsNeverAheadOfTheClockAndKeepsAdvancingWhileRead() {
    long first = clock.recentNanoTime();
    assertThat(clock.ticking()).isTrue();
    long recent = first;
    long deadline = System.nanoTime() + PATIENCE;
    while (recent == first && System.nanoTime() - deadline < 0) {
      recent = clock.recentNanoTime();
      assertThat(recent).isLessThanOrEqualTo(System.nanoTime());
      Thread.onSpinWait();
    }
    assertThat(recent).as("refreshed by the ticks while read").isGreaterThan(first);
  }

  @Test
  void ticksStopWhenNobodyReadsAndTheNextReadIsTheRealClock() {
    clock.recentNanoTime();
    long deadline = System.nanoTime() + PATIENCE;
    while (clock.ticking() && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(SystemClock.TICK_NANOS);
    }
    assertThat(clock.ticking()).as("stopped after a tick without reads").isFalse();

    long before = System.nanoTime();
    assertThat(clock.recentNanoTime()).isGreaterThanOrEqualTo(before);
    assertThat(clock.ticking()).isTrue();
  }

  @Test
  void aClosedClockReadsTheRealClockEveryTime() {
    clock.close();
    long before = System.nanoTime();
    assertThat(clock.recentNanoTime()).isGreaterThanOrEqualTo(before);
    assertThat(clock.ticking()).isFalse();
    long later = System.nanoTime();
    assertThat(clock.recentNanoTime()).isGreaterThanOrEqualTo(later);
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
}
