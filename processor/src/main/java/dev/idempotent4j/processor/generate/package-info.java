/**
 * What the processor writes, one generator per concern: {@link
 * dev.idempotent4j.processor.generate.TaskClassGenerator} (the {@code *_Idempotent4j} class and its
 * task definitions), {@code KeyDeriverGenerator} (key derivers and fingerprint functions) and
 * {@link dev.idempotent4j.processor.generate.TaskIndexWriter} (the task index). Result codecs are
 * planned in {@code dev.idempotent4j.processor.codec}. Generators run on clean tasks only.
 */
package dev.idempotent4j.processor.generate;
