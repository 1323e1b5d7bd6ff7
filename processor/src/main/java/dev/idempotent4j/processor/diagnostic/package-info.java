/**
 * Every diagnostic of the processor: the messages ({@link
 * dev.idempotent4j.processor.diagnostic.Problem}, each with a stable tag) and the one way they are
 * printed ({@link dev.idempotent4j.processor.diagnostic.Reporter}). A leaf: depends on no other
 * processor package.
 */
package dev.idempotent4j.processor.diagnostic;
