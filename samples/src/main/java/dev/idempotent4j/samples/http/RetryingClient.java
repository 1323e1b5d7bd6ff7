package dev.idempotent4j.samples.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * A client that does what clients should: one {@code Idempotency-Key} per logical request, the same
 * key on every retry, a retry after a timeout, a {@code 409} (honouring {@code Retry-After}) or a
 * {@code 5xx}, and no retry after any other answer.
 */
final class RetryingClient {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Duration timeout;
  private final int attempts;

  RetryingClient(Duration timeout, int attempts) {
    this.timeout = timeout;
    this.attempts = attempts;
  }

  HttpResponse<String> post(URI uri, String key, String json) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .header("X-Api-Key", "shop-42")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        last = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (HttpTimeoutException e) {
        System.out.println(
            "  client: attempt " + attempt + " timed out, retrying with the same key");
        continue;
      } catch (IOException e) {
        System.out.println("  client: attempt " + attempt + " failed (" + e + "), retrying");
        continue;
      }
      int status = last.statusCode();
      if (status == 409 || status >= 500) {
        long wait = last.headers().firstValueAsLong("Retry-After").orElse(1);
        System.out.println(
            "  client: attempt " + attempt + " got " + status + ", retrying in " + wait + "s");
        Thread.sleep(wait * 1000);
        continue;
      }
      return last;
    }
    if (last == null) {
      throw new IllegalStateException("no answer after " + attempts + " attempts");
    }
    return last;
  }
}
