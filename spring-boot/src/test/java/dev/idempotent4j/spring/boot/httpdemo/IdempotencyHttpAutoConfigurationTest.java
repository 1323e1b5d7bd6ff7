package dev.idempotent4j.spring.boot.httpdemo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.http.IdempotencyKeyFilter;
import dev.idempotent4j.runtime.Idempotency;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The filter as a Boot application gets it: {@code idempotent4j.http.*} properties only, a real
 * Tomcat on a free port, a real HTTP client.
 */
@DirtiesContext
@SpringBootTest(
    classes = HttpFilterApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "idempotent4j.http.paths=/api/*",
      "idempotent4j.http.headers=X-Charge-Id",
      "idempotent4j.http.ttl=1h",
      "idempotent4j.prefix=http-test"
    })
class IdempotencyHttpAutoConfigurationTest {

  private static final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired FilterRegistrationBean<IdempotencyKeyFilter> registration;

  @AfterAll
  static void reset() {
    Idempotency.reset();
  }

  @Test
  void theSameKeyTwiceRunsTheHandlerOnceAndReplaysItsResponse() throws Exception {
    int before = HttpFilterApplication.charges.get();

    HttpResponse<String> first = post("/api/charges", "key-1", "42 EUR");
    HttpResponse<String> retry = post("/api/charges", "key-1", "42 EUR");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue(IdempotencyKeyFilter.REPLAYED_HEADER)).isEmpty();
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.headers().firstValue(IdempotencyKeyFilter.REPLAYED_HEADER)).hasValue("true");
    assertThat(retry.headers().firstValue("X-Charge-Id"))
        .isEqualTo(first.headers().firstValue("X-Charge-Id"));
    assertThat(HttpFilterApplication.charges.get()).isEqualTo(before + 1);
  }

  @Test
  void theSameKeyWithAnotherBodyIs422AndRunsNothing() throws Exception {
    post("/api/charges", "key-2", "10 EUR");
    int before = HttpFilterApplication.charges.get();

    HttpResponse<String> other = post("/api/charges", "key-2", "99 EUR");

    assertThat(other.statusCode()).isEqualTo(422);
    assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(HttpFilterApplication.charges.get()).isEqualTo(before);
  }

  @Test
  void aRequestWithoutAKeyIsRejectedOnlyOnTheConfiguredPaths() throws Exception {
    assertThat(post("/api/charges", null, "1 EUR").statusCode()).isEqualTo(400);
    assertThat(post("/other/ping", null, "").statusCode()).isEqualTo(200);
  }

  @Test
  void theRegistrationCarriesThePathsAndRunsAfterSpringSecurity() {
    assertThat(registration.getUrlPatterns()).containsExactly("/api/*");
    assertThat(registration.getOrder()).isGreaterThan(-100);
    assertThat(registration.getFilter().taskName()).isEqualTo("IdempotencyKeyFilter");
  }

  private HttpResponse<String> post(String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
