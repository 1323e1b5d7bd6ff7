/**
 * The idempotent4j agent: weaves {@code @IdempotentTask} methods into the runtime at class load.
 *
 * <pre class="language-text">{@code
 * java -javaagent:idempotent4j-agent.jar=prefix=app,fail-mode=open -jar app.jar
 * IdempotencyAgent.install();   // or self-attach from code, before the task classes load
 * }</pre>
 *
 * <p>The public types are {@link dev.idempotent4j.agent.IdempotencyAgent} and {@link
 * dev.idempotent4j.agent.BuildTimeWeaver} (the same weaver over class files at build time, for the
 * {@code idempotent4j-maven-plugin} and other builds). How it works:
 *
 * <ul>
 *   <li>The annotation processor writes {@code META-INF/idempotent4j/tasks}, one line per task:
 *       declaring class, method name, descriptor, generated class, invoker field. The agent reads
 *       every such resource once per class loader and keeps the result weakly ({@code
 *       TaskIndexes}).
 *   <li>One plain {@code ClassFileTransformer} ({@code TaskClassFileTransformer}) passes over every
 *       class that is neither listed nor mentions {@code Ldev/idempotent4j/IdempotentTask;} in its
 *       class file. Candidates are rewritten with ASM ({@code TaskWeaver}).
 *   <li>Each listed method gets the stub of {@code TaskMethodWeaver}: {@code
 *       Generated.task$enter(args...)} with the generated {@code public static final TaskInvoker}
 *       read by one {@code GETSTATIC}, the body skipped on a {@code Replay}, and {@code
 *       TaskInvoker.exit(entered, returned, thrown)} at every return and in a catch-all handler
 *       that rethrows. Nothing is suppressed.
 *   <li>An annotated method that is not listed (its class was compiled without the processor) gets
 *       {@code UnprocessedMethodWeaver}: it fails with a message saying to enable the processor.
 *   <li>A class whose weaving fails has its tasks rewritten to throw ({@code Refusal}); if even
 *       that fails, the class gets an empty class file and does not load. No task runs bare.
 *   <li>Every class the weaver rewrites (or makes refuse) gets the runtime annotation {@code
 *       dev.idempotent4j.runtime.spi.Woven} ({@code WovenMarker}); a class that has it, because it
 *       was woven at build time, is left as it is.
 *   <li>Self-attach ({@code IdempotencyAgent.install()}) registers the same transformer and
 *       retransforms the task classes already loaded ({@code LoadedClasses}).
 * </ul>
 *
 * <p>Why ASM and not Byte Buddy's {@code AgentBuilder} and {@code Advice}: the woven shape is small
 * and fixed, and building an {@code AgentBuilder} in {@code premain} loads and interprets about
 * 1,200 Byte Buddy classes, which made the agent's start-up cost more than a plain Byte Buddy
 * agent's (docs/PERFORMANCE.md, case 5). The weaver keeps every original stack map frame and adds
 * its one local to them instead of recomputing frames, so it never loads a class or needs the class
 * hierarchy. ASM is shaded under {@code dev.idempotent4j.agent.shaded}, as is Byte Buddy's small
 * attach library ({@code byte-buddy-agent}, for self-attach only). The runtime is the application's
 * ({@code provided}); the agent never loads runtime classes for weaving.
 */
package dev.idempotent4j.agent;
