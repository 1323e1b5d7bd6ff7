package dev.idempotent4j.spring.boot.httpdemo;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with a plain {@code POST} handler and nothing idempotent4j-specific in its code:
 * {@code idempotent4j.http.paths} alone puts the {@code Idempotency-Key} filter in front of it.
 */
@SpringBootApplication
public class HttpFilterApplication {

  static final AtomicInteger charges = new AtomicInteger();

  @RestController
  static class Charges {
    @PostMapping("/api/charges")
    ResponseEntity<String> charge(@RequestBody String body) {
      int n = charges.incrementAndGet();
      return ResponseEntity.status(HttpStatus.CREATED)
          .header("X-Charge-Id", "ch_" + n)
          .body("charge " + n + " for " + body);
    }

    @PostMapping("/other/ping")
    String ping() {
      return "pong " + charges.get();
    }
  }
}
