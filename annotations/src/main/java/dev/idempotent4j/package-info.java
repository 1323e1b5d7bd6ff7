/**
 * The annotations of idempotent4j: {@link dev.idempotent4j.IdempotentTask} makes a method run once
 * per key; {@link dev.idempotent4j.SideEffect} and {@link dev.idempotent4j.AllowUnkeyed} feed the
 * compile-time check that code touching the outside world is only reached through a keyed task.
 *
 * <p>This module has no dependencies. The processor reads these annotations at compile time, the
 * agent weaves the annotated methods, and the runtime executes them.
 */
package dev.idempotent4j;
