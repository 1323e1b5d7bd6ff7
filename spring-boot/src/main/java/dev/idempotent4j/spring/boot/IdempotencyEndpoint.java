package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.IdempotencyMetrics;
import dev.idempotent4j.runtime.TaskMetrics;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The actuator endpoint {@code idempotency}: what idempotent4j did in this JVM, by task. Reading a
 * key's record ({@code show}), listing running keys ({@code list}) and releasing a stuck key
 * ({@code release}, which bumps the fence) need store operations the store SPI does not offer yet;
 * they will be operations of this endpoint.
 *
 * <pre>{@code
 * management.endpoints.web.exposure.include=health,idempotency
 * GET /actuator/idempotency                  {"tasks":{"Payments.charge":{"executed":3,...}}}
 * GET /actuator/idempotency/Payments.charge  {"task":"Payments.charge","executed":3,...}
 * }</pre>
 */
@Endpoint(id = "idempotency")
public class IdempotencyEndpoint {

  private final IdempotencyEngine engine;

  /** The endpoint of {@code engine}. */
  public IdempotencyEndpoint(IdempotencyEngine engine) {
    this.engine = engine;
  }

  /** The counters of every task called since the engine started. */
  @ReadOperation
  public Tasks tasks() {
    IdempotencyMetrics metrics = engine.metrics();
    return new Tasks(metrics.tasks(), metrics.total());
  }

  /** The counters of one task (all zero if it was not called). */
  @ReadOperation
  public TaskMetrics task(@Selector String task) {
    return engine.metrics().task(task);
  }

  /**
   * The endpoint's answer: every task's counters and their sum.
   *
   * @param tasks by task name
   * @param total the sum, under the name {@code "*"}
   */
  public record Tasks(Map<String, TaskMetrics> tasks, TaskMetrics total) {}
}
