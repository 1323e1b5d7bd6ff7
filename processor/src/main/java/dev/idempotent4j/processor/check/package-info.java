/**
 * The compile-time checks of {@code @IdempotentTask}, one class per check behind {@link
 * dev.idempotent4j.processor.check.TaskCheck}: {@code NameableClassCheck}, {@code WeavableCheck},
 * {@code NameCheck}, {@code DurationCheck}, {@code KeyCheck}, {@code FingerprintCheck}, {@code
 * CacheFailuresCheck} and {@code ReturnTypeCheck}. {@link
 * dev.idempotent4j.processor.check.TaskValidator} runs them and hands a clean {@code TaskModel} to
 * the generators. Also here: what only the checks use (the key template parser, the path resolver,
 * the stable-text rules) and {@link dev.idempotent4j.processor.check.LocalClassTaskCheck}, which
 * finds tasks in local and anonymous classes on javac's trees.
 */
package dev.idempotent4j.processor.check;
