package dev.idempotent4j.runtime;

import dev.idempotent4j.testing.PostgresServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's command, run as a process against a real PostgreSQL. */
class PostgresOperationsCommandIntegrationTest {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  @Test
  void showListAndReleaseAStuckClaimAsAnOperatorWould() {
    String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings =
        Map.of(
            "jdbc", pg.url(),
            "jdbc.user", pg.user(),
            "jdbc.password", pg.password(),
            "jdbc.create-schema", "true",
            "prefix", prefix);
    Settings resolved = Settings.resolve(settings, new java.util.Properties(), Map.of());
    try (var store = resolved.store().orElseThrow().open(resolved)) {
      OperationsCommandIntegrationTest.CommandContract.showListAndRelease(settings, store, prefix);
    }
  }
}
