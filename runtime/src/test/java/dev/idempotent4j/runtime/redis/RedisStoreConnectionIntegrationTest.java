package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.testing.RedisBinary;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways of reaching Redis that {@code redis} allows: password, ACL user and db, Sentinel, TLS.
 */
class RedisStoreConnectionIntegrationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration LONG = Duration.ofMinutes(5);

  @Test
  void password() {
    try (RedisServer redis =
        RedisServer.start(RedisBinary.find(), List.of("--requirepass", "s3cret"), false)) {
      String uri = "redis://:s3cret@127.0.0.1:" + redis.port();
      assertRoundTrip(RedisSettings.redis(uri, TIMEOUT));

      assertThatThrownBy(
              () ->
                  RedisStore.connect(
                      RedisSettings.redis("redis://:wrong@127.0.0.1:" + redis.port(), TIMEOUT)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageNotContaining("wrong@");
    }
  }

  @Test
  void aclUserAndDatabase() {
    try (RedisServer redis =
        RedisServer.start(
            RedisBinary.find(),
            List.of(
                "--user", "app", "on", ">app-pw", "~*", "&*", "+@all", "--user", "default", "off"),
            false)) {
      String key =
          assertRoundTrip(
              RedisSettings.redis("redis://app:app-pw@127.0.0.1:" + redis.port() + "/3", TIMEOUT));
      try (RespClient raw = redis.client()) {
        raw.call("AUTH", "app", "app-pw");
        raw.call("SELECT", "3");
        assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(1L);
        raw.call("SELECT", "0");
        assertThat(raw.call("EXISTS", RedisKeys.record(key))).isEqualTo(0L);
      }
    }
  }

  @Test
  void sentinel() {
    try (RedisServer master = RedisServer.start();
        RedisServer sentinel = RedisServer.startSentinel(master, "mymaster")) {
      assertRoundTrip(
          RedisSettings.redis(
              "redis-sentinel://127.0.0.1:" + sentinel.port() + "/0#mymaster", TIMEOUT));
    }
  }

  @Test
  @SuppressWarnings("try") // the server is held open for its side effect
  void tls(@TempDir Path certs) throws Exception {
    makeCertificates(certs);
    int tlsPort = RedisServer.freePort();
    try (RedisServer redis =
        RedisServer.start(
            RedisBinary.find(),
            List.of(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certs.resolve("server.crt").toString(),
                "--tls-key-file", certs.resolve("server.key").toString(),
                "--tls-ca-cert-file", certs.resolve("server.crt").toString(),
                "--tls-auth-clients", "no"),
            false)) {
      // a self-signed test certificate: no peer verification (production uses a trusted one)
      assertRoundTrip(
          RedisSettings.redis("rediss://127.0.0.1:" + tlsPort + "?verifyPeer=NONE", TIMEOUT));
    }
  }

  /** Claim, complete, replay and a wake-up through the given settings; returns the task key. */
  @SuppressWarnings("try") // the subscription is held open for its side effect
  private static String assertRoundTrip(RedisSettings settings) {
    String key = "i4j:Conn.task:" + UUID.randomUUID();
    try (RedisStore store = RedisStore.connect(settings)) {
      CountDownLatch woken = new CountDownLatch(1);
      try (AutoCloseable listening = store.onChange(key, woken::countDown)) {
        Claim claim = store.claim(new ClaimRequest(key, null, "w1", LONG, LONG));
        Fence fence = ((Claim.Claimed) claim).fence();
        // a waiter's claim: complete publishes only when a claim found the record running
        assertThat(store.claim(new ClaimRequest(key, null, "w3", LONG, LONG)))
            .isInstanceOf(Claim.InProgress.class);
        assertThat(store.complete(key, fence, "\"ok\"", LONG)).isEqualTo(Completion.ACCEPTED);
        assertThat(store.claim(new ClaimRequest(key, null, "w2", LONG, LONG)))
            .isEqualTo(new Claim.Completed("\"ok\""));
        assertThat(woken.await(15, TimeUnit.SECONDS)).isTrue();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return key;
  }

  private static void makeCertificates(Path dir) throws IOException, InterruptedException {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                dir.resolve("server.key").toString(),
                "-out",
                dir.resolve("server.crt").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor()).as("openssl: %s", output).isZero();
    assertThat(Files.exists(dir.resolve("server.crt"))).isTrue();
  }
}
