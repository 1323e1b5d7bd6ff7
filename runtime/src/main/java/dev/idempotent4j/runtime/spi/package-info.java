/**
 * The contract between generated code, the agent and the runtime; not for application code.
 *
 * <p>The processor generates, per {@code @IdempotentTask} method, a {@link
 * dev.idempotent4j.runtime.spi.TaskDefinition} (key deriver, fingerprinter, durations, failure
 * policy, return kind, result codec) wrapped in a {@link dev.idempotent4j.runtime.TaskInvoker}
 * constant. The agent's advice calls {@link dev.idempotent4j.runtime.TaskInvoker#enter} before the
 * body (a {@link dev.idempotent4j.runtime.spi.Replay} skips it) and {@link
 * dev.idempotent4j.runtime.TaskInvoker#exit} after it.
 *
 * <pre>{@code
 * public static final TaskInvoker charge = TaskInvoker.of(
 *     TaskDefinition.builder("Payments.charge").keyTemplate("charge:{order.id}")
 *         .keyDeriver((head, args) -> head + "charge:" + ((Order) args[0]).id())
 *         .returns(ReturnKind.VALUE, null, receiptCodec).build());
 * }</pre>
 */
package dev.idempotent4j.runtime.spi;
