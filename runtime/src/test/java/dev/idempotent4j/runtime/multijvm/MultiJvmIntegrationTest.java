package dev.idempotent4j.runtime.multijvm;

import static dev.idempotent4j.runtime.multijvm.WorkerJvm.field;
import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.testing.RedisCluster;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real JVMs racing through one Redis (and one Redis Cluster): forked {@link Worker} processes,
 * started once for the class and reconfigured per test, so the suite pays for four JVM start-ups.
 * Workers are killed with {@code kill -9} and paused with {@code SIGSTOP} for real.
 */
class MultiJvmIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();
  @RegisterExtension static final RedisCluster cluster = RedisCluster.start(3);

  private static final Duration ANSWER = Duration.ofSeconds(60);
  private static final int KEYS = 200;

  /** Three racers, and a fourth that {@link #aKilledWorkersKeyIsTakenOverAfterItsLease} kills. */
  private static final List<WorkerJvm> workers = new ArrayList<>();

  @BeforeAll
  static void startWorkers() {
    for (String name : List.of("a", "b", "c", "victim")) {
      workers.add(WorkerJvm.start(name)); // all four start at once
    }
    workers.forEach(WorkerJvm::awaitReady);
  }

  @AfterAll
  static void stopWorkers() {
    workers.forEach(WorkerJvm::close);
  }

  private static String newPrefix() {
    return "m" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void configure(List<WorkerJvm> jvms, String settings) {
    for (WorkerJvm jvm : jvms) {
      jvm.call("configure " + settings, ANSWER);
    }
  }

  @Test
  void threeJvmsOfEightThreadsRacingOverTwoHundredKeysRunEachKeyOnce() {
    raceAgainst("redis=" + redis.uri());
  }

  @Test
  void threeJvmsRacingThroughARedisClusterRunEachKeyOnce() {
    raceAgainst("redis.cluster=" + cluster.seeds());
  }

  private void raceAgainst(String redisSetting) {
    List<WorkerJvm> racers = workers.subList(0, 3);
    configure(racers, redisSetting + " prefix=" + newPrefix());
    for (WorkerJvm jvm : racers) {
      jvm.send("race race " + KEYS + " 8 3"); // all three race at once
    }
    int executions = 0;
    String results = null;
    for (WorkerJvm jvm : racers) {
      String answer = jvm.expect("ok", ANSWER);
      executions += Integer.parseInt(field(answer, "executions"));
      assertThat(field(answer, "mismatches"))
          .as("%s: callers of one key saw two results", jvm)
          .isEqualTo("0");
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
    configure(List.of(victim, survivor), "redis=" + redis.uri() + " prefix=" + newPrefix());
    victim.send("hold kill k 2000");
    String started = victim.expect("started", ANSWER);
    assertThat(field(started, "attempt")).isEqualTo("1");
    victim.kill();

    long start = System.nanoTime();
    String taken = survivor.call("run kill k 2000 survivor", ANSWER);
    // bounded by the task's 20 s waitTimeout: the run would have failed otherwise
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
  void aWorkerPausedPastItsLeaseHasItsLateCompleteRefusedAndReported() {
    WorkerJvm sleeper = workers.get(0);
    WorkerJvm owner = workers.get(1);
    WorkerJvm reader = workers.get(2);
    configure(List.of(sleeper, owner, reader), "redis=" + redis.uri() + " prefix=" + newPrefix());
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
    String finished = sleeper.expect("finished", ANSWER);
    assertThat(field(finished, "value")).isEqualTo("late"); // its caller gets what it computed
    assertThat(field(sleeper.call("metrics pause", ANSWER), "lostLeases")).isEqualTo("1");
    assertThat(sleeper.log()).contains("WARNING").contains("lost its lease");
    assertThat(field(owner.call("metrics pause", ANSWER), "takeovers")).isEqualTo("1");
    String stored = reader.call("run pause k 2000 reader", ANSWER);
    assertThat(field(stored, "value")).isEqualTo("new-owner");
    assertThat(field(stored, "replayed")).isEqualTo("true");
  }
}
