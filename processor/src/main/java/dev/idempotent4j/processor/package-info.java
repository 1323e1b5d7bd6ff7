/**
 * The idempotent4j annotation processor: checks every {@code @IdempotentTask} at compile time and
 * generates what the agent and the runtime need, so that mistakes are compile errors.
 *
 * <p><b>Pipeline.</b> {@link dev.idempotent4j.processor.IdempotentTaskProcessor} reads each task's
 * attributes from its annotation mirror, validates the method (key template, paths, durations,
 * name, fingerprint, cacheFailures, weavability, result type), generates one class per class with
 * clean tasks, and writes the task index once when processing is over. A class whose signatures
 * name types that do not exist yet is deferred to the next round. Methods of local and anonymous
 * classes, which annotation processing never sees, are reported after analysis.
 *
 * <p><b>Generated class.</b> For {@code com.acme.Outer.Inner} it is {@code
 * com.acme.Outer_Inner_Idempotent4j}: public, final, with a private constructor and one {@code
 * public static final TaskInvoker} per task, named after the method; further overloads of the same
 * name get {@code $1}, {@code $2} in declaration order. Its key derivers and fingerprint functions
 * are private static methods ({@code <field>Key}, {@code <field>Fingerprint}) of plain Java: casts,
 * a null check per reference step (a null fails with {@code KeyDerivationException} naming the
 * path; in a fingerprint it is written as a null marker), explicit unboxing, and one {@code
 * KeyBuilder} call per value: {@code number} (integers, floats, {@code BigDecimal}, {@code
 * BigInteger}), {@code bool}, {@code character}, {@code text} ({@code String}, {@code
 * CharSequence}), {@code enumName}, {@code uuid}, {@code temporal} ({@code java.time} dates, times,
 * instants, offsets), {@code amount} ({@code Duration}, {@code Period}), {@code string} (classes
 * that declare {@code toString()}). Fingerprint values are joined by {@code ,}. The default task
 * name is {@code SimpleClassName.method}.
 *
 * <p><b>Task index</b> ({@code META-INF/idempotent4j/tasks}, class output): one sorted line per
 * task in the format of {@link dev.idempotent4j.contract.TaskIndexFormat}, which the agent reads
 * with the same class.
 *
 * <pre>
 * # idempotent4j task index v1
 * com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt; com.acme.Payments_Idempotent4j charge
 * </pre>
 *
 * <p><b>Packages.</b> This one holds only the processor, which validates, then generates. Below it,
 * without cycles (a test reads the class files and fails on one): {@code check} (one class per
 * check), {@code generate} (one generator per generated concern), {@code codec} (result codecs),
 * {@code sideeffect} (the unkeyed-side-effect check), and the leaves {@code model}, {@code lang}
 * and {@code diagnostic}.
 *
 * <p><b>Diagnostics</b> are the constants of {@link dev.idempotent4j.processor.diagnostic.Problem};
 * each message starts with a stable tag such as {@code [i4j-key-unknown-param]}.
 */
package dev.idempotent4j.processor;
