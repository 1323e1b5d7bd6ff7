package dev.idempotent4j.runtime.store;

/** A claim being renewed: its key and the fence it was claimed with. */
public record Lease(String key, Fence fence) {}
