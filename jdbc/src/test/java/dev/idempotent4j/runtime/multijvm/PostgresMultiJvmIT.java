package dev.idempotent4j.runtime.multijvm;

import static dev.idempotent4j.runtime.multijvm.WorkerJvm.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.testing.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real JVMs racing through one PostgreSQL in leased mode: runtime's {@link Worker}, unchanged,
 * configured with the setting {@code jdbc}. Workers are killed with {@code kill -9} and paused with
 * {@code SIGSTOP} for real.
 */
class PostgresMultiJvmIT {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  private static final Duration ANSWER = Duration.ofSeconds(90);
  private static final int KEYS = 200;
  private static final List<WorkerJvm> workers = new ArrayList<>();

  @BeforeAll
  static void startWorkers() {
    for (String name : List.of("a", "b", "c", "victim")) {
      workers.add(WorkerJvm.start(name));
    }
    workers.forEach(WorkerJvm::awaitReady);
  }

  @AfterAll
  static void stopWorkers() {
    workers.forEach(WorkerJvm::close);
  }

  private static void configure(List<WorkerJvm> jvms) {
    String settings =
        "jdbc="
            + pg.url()
            + " jdbc.user="
            + pg.user()
            + " jdbc.password="
            + pg.password()
            + " jdbc.create-schema=true prefix=m"
            + UUID.randomUUID().toString().substring(0, 8);
    for (WorkerJvm jvm : jvms) {
      jvm.call("configure " + settings, ANSWER);
    }
  }

  @Test
  void threeJvmsOfEightThreadsRacingOverTwoHundredKeysRunEachKeyOnce() {
    List<WorkerJvm> racers = workers.subList(0, 3);
    configure(racers);
    for (WorkerJvm jvm : racers) {
      jvm.send("race race " + KEYS + " 8 3");
    }
    int executions = 0;
    String results = null;
    for (WorkerJvm jvm : racers) {
      String answer = jvm.expect("ok", ANSWER);
      executions += Integer.parseInt(field(answer, "executions"));
      assertThat(field(answer, "mismatches")).isEqualTo("0");
      String seen = field(answer, "results");
      assertThat(seen.split(";")).hasSize(KEYS);
      if (results == null) {
        results = seen;
      }
      assertThat(seen).as("%s saw other results than the first JVM", jvm).isEqualTo(results);
    }
    assertThat(executions).isEqualTo(KEYS);
  }

  @Test
  void aKilledWorkersKeyIsTakenOverAfterItsLeaseAndRunOnceMore() {
    WorkerJvm victim = workers.get(3);
    WorkerJvm survivor = workers.get(1);
    configure(List.of(victim, survivor));
    victim.send("hold kill k 2000");
    assertThat(field(victim.expect("started", ANSWER), "attempt")).isEqualTo("1");
    victim.kill();

    long start = System.nanoTime();
    String taken = survivor.call("run kill k 2000 survivor", ANSWER);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(field(taken, "value")).isEqualTo("survivor");
    assertThat(field(taken, "replayed")).isEqualTo("false");
    assertThat(field(taken, "attempt")).isEqualTo("2");
    String metrics = survivor.call("metrics kill", ANSWER);
    assertThat(field(metrics, "executed")).isEqualTo("1");
    assertThat(field(metrics, "takeovers")).isEqualTo("1");
    assertThat(field(survivor.call("run kill k 2000 again", ANSWER), "value"))
        .isEqualTo("survivor");
  }

  @Test
  void aWorkerPausedPastItsLeaseHasItsLateCompleteRefused() {
    WorkerJvm sleeper = workers.get(0);
    WorkerJvm owner = workers.get(1);
    WorkerJvm reader = workers.get(2);
    configure(List.of(sleeper, owner, reader));
    sleeper.send("hold pause k 2000");
    sleeper.expect("started", ANSWER);
    sleeper.pause();
    String taken;
    try {
      taken = owner.call("run pause k 2000 new-owner", ANSWER);
    } finally {
      sleeper.resume();
    }
    assertThat(field(taken, "value")).isEqualTo("new-owner");
    assertThat(field(taken, "attempt")).isEqualTo("2");
    sleeper.send("finish late");
    assertThat(field(sleeper.expect("finished", ANSWER), "value")).isEqualTo("late");
    assertThat(field(sleeper.call("metrics pause", ANSWER), "lostLeases")).isEqualTo("1");
    String stored = reader.call("run pause k 2000 reader", ANSWER);
    assertThat(field(stored, "value")).isEqualTo("new-owner");
    assertThat(field(stored, "replayed")).isEqualTo("true");
  }
}
