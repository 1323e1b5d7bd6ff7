package dev.idempotent4j.runtime.spi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@code @IdempotentTask} methods were woven (by the agent at load, or by the
 * {@code idempotent4j-maven-plugin} at build time), or made to refuse because weaving failed:
 * either way none of them runs without deduplication. Only the weaver adds it; never write it by
 * hand. {@code dev.idempotent4j.runtime.WeavingCheck} reads it once per task class at engine start,
 * never per call.
 *
 * <pre>{@code
 * boolean woven = Payments.class.isAnnotationPresent(Woven.class);
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Woven {}
