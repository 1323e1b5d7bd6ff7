package dev.idempotent4j.spring.boot.jdbcdemo;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A payout service as a Spring team writes it: a {@code @Transactional} method that inserts a row
 * and runs an idempotent task, on Boot's own {@code DataSource} and transaction manager.
 */
@SpringBootApplication
public class PayoutApplication {

  @Bean
  Task payout() {
    return Idempotency.task("Jdbc.payout").codec(Codecs.string()).build();
  }

  @Service
  public static class Payouts {
    private final AtomicInteger executions = new AtomicInteger();
    private final JdbcTemplate jdbc;
    private final Task payout;

    Payouts(JdbcTemplate jdbc, Task payout) {
      this.jdbc = jdbc;
      this.payout = payout;
    }

    /** How often the task's body ran (a method: the bean is a transactional proxy). */
    public int executions() {
      return executions.get();
    }

    /** Pays once per event; {@code failAfter} throws after the task, so all of it rolls back. */
    @Transactional
    public String pay(String eventId, boolean failAfter) {
      String receipt =
          payout.run(
              eventId,
              () -> {
                executions.incrementAndGet();
                jdbc.update("INSERT INTO payout(event_id) VALUES (?)", eventId);
                return "paid " + eventId;
              });
      if (failAfter) {
        throw new IllegalStateException("the caller's next step failed");
      }
      return receipt;
    }
  }
}
