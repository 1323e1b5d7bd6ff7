package dev.idempotent4j.runtime.store;

/**
 * A cached failure as it crosses JVMs: the exception's class name and message, for people to read.
 * The class name is never used to load or instantiate anything; another JVM replays it as {@code
 * TaskFailedException}.
 */
public record StoredFailure(String type, String message) {}
