/**
 * The idempotent4j agent: weaves {@code @IdempotentTask} methods into the runtime at class load.
 *
 * <pre>{@code
 * java -javaagent:idempotent4j-agent.jar=prefix=app,fail-mode=open -jar app.jar
 * IdempotencyAgent.install();   // or self-attach from code, before the task classes load
 * }</pre>
 *
 * <p>The only public type is {@link dev.idempotent4j.agent.IdempotencyAgent}. How it works:
 *
 * <ul>
 *   <li>The annotation processor writes {@code META-INF/idempotent4j/tasks}, one line per task:
 *       declaring class, method name, descriptor, generated class, invoker field. The agent reads
 *       every such resource once per class loader and keeps the result weakly ({@code
 *       TaskIndexes}).
 *   <li>A plain {@code ClassFileTransformer} ({@code TaskClassFileTransformer}) passes over every
 *       class that is neither listed nor mentions {@code Ldev/idempotent4j/IdempotentTask;} in its
 *       class file, so Byte Buddy only sees candidates.
 *   <li>Each listed method gets {@code TaskAdvice}: enter calls {@code invoker.enter(args)} with
 *       the generated {@code public static final TaskInvoker} bound as a constant (one {@code
 *       GETSTATIC}), skips the body on a {@code Replay}, and exit calls {@code
 *       TaskInvoker.exit(entered, returned, thrown)}. Nothing is suppressed.
 *   <li>An annotated method that is not listed (its class was compiled without the processor) gets
 *       {@code UnprocessedAdvice}, which fails with a message saying to enable the processor.
 *   <li>A class whose weaving fails has its tasks rewritten to throw ({@code Refusal}); if even
 *       that fails, the class gets an empty class file and does not load. No task runs bare.
 * </ul>
 *
 * <p>Byte Buddy is shaded under {@code dev.idempotent4j.agent.shaded}; the runtime is the
 * application's ({@code provided}), and the agent never loads runtime classes itself: advice is
 * described from class files and inlined into the application's classes.
 */
package dev.idempotent4j.agent;
