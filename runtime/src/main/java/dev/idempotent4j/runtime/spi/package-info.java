/**
 * The contract between generated code, the agent and the runtime; not for application code.
 *
 * <p>The processor generates, per {@code @IdempotentTask} method, a {@link
 * dev.idempotent4j.runtime.spi.TaskDefinition} (key deriver, fingerprinter, durations, failure
 * policy, return kind, result codec) wrapped in a {@link dev.idempotent4j.runtime.spi.TaskInvoker}
 * constant. The code the agent weaves into the method calls {@link
 * dev.idempotent4j.runtime.spi.TaskInvoker#enter} before the body (a {@link
 * dev.idempotent4j.runtime.spi.Replay} skips it) and {@link
 * dev.idempotent4j.runtime.spi.TaskInvoker#exit} after it.
 *
 * <pre>{@code
 * public static final TaskInvoker charge = TaskInvoker.of(
 *     TaskDefinition.builder("Payments.charge").keyTemplate("charge:{order.id}")
 *         .keyDeriver((head, args) -> head + "charge:" + ((Order) args[0]).id())
 *         .returns(ReturnKind.VALUE, null, receiptCodec).build());
 * }</pre>
 */
package dev.idempotent4j.runtime.spi;
