/**
 * The contract between generated code, the agent and the runtime; not for application code.
 *
 * <p>The processor generates, per {@code @IdempotentTask} method, a {@link
 * dev.idempotent4j.runtime.spi.TaskDefinition} (key deriver and local keys, fingerprinter,
 * durations, failure policy, return kind, result codec) wrapped in a {@link
 * dev.idempotent4j.runtime.TaskInvoker} constant, and a static entry point {@code <task>$enter}
 * that takes the method's arguments. The agent's advice calls that entry point before the body (a
 * {@link dev.idempotent4j.runtime.spi.Replay} skips it) and {@link
 * dev.idempotent4j.runtime.TaskInvoker#exit} after it.
 *
 * <pre>{@code
 * public static final TaskInvoker charge =
 *     TaskInvoker.of(
 *         TaskDefinition.builder("Payments.charge")
 *             .keyTemplate("charge:{order.id}")
 *             .keyDeriver((head, args) -> head + "charge:" + ((Order) args[0]).id())
 *             .localKeys(args -> ((Order) args[0]).id(), (head, id) -> head + "charge:" + id)
 *             .returns(ReturnKind.VALUE, null, receiptCodec)
 *             .build());
 *
 * public static Object charge$enter(Object order) {
 *   Object localKey = ((Order) order).id();
 *   Object hit = charge.localHit(localKey);
 *   return hit != null ? hit : charge.enter(localKey, new Object[] {order});
 * }
 * }</pre>
 */
package dev.idempotent4j.runtime.spi;
