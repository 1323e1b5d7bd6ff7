package dev.idempotent4j.processor.check;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The task names seen in this compilation (all rounds), so that a second task with a name already
 * taken is reported, naming the first.
 *
 * <pre>{@code
 * names.claim("Payments.charge", "com.acme.Payments.charge(Order)");  // Optional.empty()
 * names.claim("Payments.charge", "com.acme.Refunds.charge(Order)");   // Optional[com.acme.Payments.charge(Order)]
 * }</pre>
 */
public final class TaskNames {

  private final Map<String, String> owners = new HashMap<>();

  /** Takes {@code name} for {@code method}, or returns the method that already has it. */
  public Optional<String> claim(String name, String method) {
    String owner = owners.putIfAbsent(name, method);
    return owner == null || owner.equals(method) ? Optional.empty() : Optional.of(owner);
  }
}
