/**
 * The contracts idempotent4j's own modules share: what the processor writes and the agent and the
 * runtime read. <strong>For idempotent4j's modules only, not an API</strong>: these names may
 * change in any release, together with the modules that use them (in the way AutoValue's {@code
 * ClassNames} serves its processor and runtime).
 *
 * <ul>
 *   <li>{@link dev.idempotent4j.contract.AnnotationNames}: the annotations' qualified names, for
 *       code that must not load them (the processor reads mirrors, the agent reads class files).
 *   <li>{@link dev.idempotent4j.contract.TaskIndexFormat}: the task index, {@code
 *       META-INF/idempotent4j/tasks}, written by the processor and read by the agent.
 *   <li>{@link dev.idempotent4j.contract.TaskNameSyntax}: which task names are valid, checked by
 *       the processor at compile time and by the runtime when a definition is built.
 *   <li>{@link dev.idempotent4j.contract.RuntimeNames}: the runtime types and {@code ReturnKind}
 *       constants that generated code names.
 * </ul>
 *
 * <p>It lives in the annotations module because that is the one module both the processor and the
 * runtime depend on (the agent reaches it through the runtime). Like the rest of the module it has
 * no dependencies. Constants are compile-time constants, so a module that uses only them does not
 * even load these classes.
 */
package dev.idempotent4j.contract;
