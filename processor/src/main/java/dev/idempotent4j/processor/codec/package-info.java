/**
 * Plans result codecs at compile time: {@link dev.idempotent4j.processor.codec.CodecGenerator}
 * turns a task's declared return type into an expression over the runtime's {@code Codecs}
 * combinators, or into a reason (type, path inside the return type, why, fix) that the processor
 * reports as a compile error.
 */
package dev.idempotent4j.processor.codec;
