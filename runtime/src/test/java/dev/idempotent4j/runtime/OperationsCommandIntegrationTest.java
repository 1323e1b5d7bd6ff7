package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.testing.CommandProcess;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's command, run as a process against a real redis-server. */
class OperationsCommandIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  @Test
  void showListAndReleaseAStuckClaimAsAnOperatorWould() {
    String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
    try (SharedStore store =
        RedisStore.connect(RedisSettings.redis(redis.uri(), Duration.ofSeconds(5)))) {
      CommandContract.showListAndRelease(
          Map.of("redis", redis.uri(), "prefix", prefix), store, prefix);
    }
  }

  @Test
  void usageAndConfigurationErrorsExitWithTwo() {
    CommandProcess.Result none = CommandProcess.run(Map.of(), "show", "Payments.charge", "k");
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).contains("No shared store is configured");
    CommandProcess.Result bad =
        CommandProcess.run(Map.of("redis", redis.uri()), "frobnicate", "Payments.charge");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown command 'frobnicate'").contains("usage:");
  }

  /** The command's behaviour on any store: Redis here, PostgreSQL in the jdbc module. */
  static final class CommandContract {
    private CommandContract() {}

    /** {@code store} is a second connection to the store the {@code settings} select. */
    static void showListAndRelease(Map<String, String> settings, SharedStore store, String prefix) {
      String key = prefix + ":Payments.charge:order-42";
      Duration lease = Duration.ofMinutes(5);
      Claim claim =
          store.claim(new ClaimRequest(key, null, "worker-1", lease, Duration.ofHours(1)));
      assertThat(claim).isInstanceOf(Claim.Claimed.class);
      Claim.Claimed held = (Claim.Claimed) claim;

      CommandProcess.Result show =
          CommandProcess.run(settings, "show", "Payments.charge", "order-42");
      assertThat(show.status()).as(show.err()).isZero();
      assertThat(show.out())
          .contains("key         " + key)
          .contains("state       running")
          .contains("owner       worker-1")
          .contains("attempt     1")
          .contains("fence       " + held.fence().token());

      CommandProcess.Result list =
          CommandProcess.run(settings, "list", "Payments.charge", "--json");
      assertThat(list.status()).as(list.err()).isZero();
      assertThat(list.out())
          .contains("\"key\":\"" + key + "\"")
          .contains("\"state\":\"running\"")
          .contains("\"cursor\":null");

      CommandProcess.Result dry =
          CommandProcess.run(settings, "release", "Payments.charge", "order-42");
      assertThat(dry.status()).as(dry.err()).isZero();
      assertThat(dry.out()).contains("Dry run").contains("--yes");
      assertThat(store.operations().orElseThrow().show(key)).isPresent();

      CommandProcess.Result done =
          CommandProcess.run(settings, "release", "Payments.charge", "order-42", "--yes", "--json");
      assertThat(done.status()).as(done.err()).isZero();
      assertThat(done.out()).contains("\"released\":true").contains("\"dryRun\":false");

      // The old owner finishes late: refused, since the fence went up.
      assertThat(store.complete(key, held.fence(), "\"late\"", Duration.ofHours(1)))
          .isEqualTo(SharedStore.Completion.LEASE_LOST);
      Claim next = store.claim(new ClaimRequest(key, null, "worker-2", lease, Duration.ofHours(1)));
      assertThat(next).isInstanceOf(Claim.Claimed.class);
      assertThat(((Claim.Claimed) next).fence().token()).isGreaterThan(held.fence().token());
      assertThat(((Claim.Claimed) next).fence().attempt()).isEqualTo(2);

      CommandProcess.Result gone = CommandProcess.run(settings, "show", "Payments.charge", "nope");
      assertThat(gone.status()).isEqualTo(1);
      assertThat(gone.out()).contains("No record under key " + prefix + ":Payments.charge:nope");
    }
  }
}
