/**
 * The seam between the engine and a shared store (Redis). {@link
 * dev.idempotent4j.runtime.store.SharedStore} is what a store implements; the engine in front of it
 * keeps the local tier and the in-JVM single-flight, so that concurrent duplicates in one JVM make
 * one {@code claim}, not one each.
 */
package dev.idempotent4j.runtime.store;
