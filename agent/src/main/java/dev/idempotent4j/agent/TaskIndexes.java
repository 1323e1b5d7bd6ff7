package dev.idempotent4j.agent;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@link TaskIndex} of each class loader, read once and held weakly so that the agent never
 * keeps an undeployed application's loader alive.
 *
 * <pre>{@code
 * TaskIndexes indexes = new TaskIndexes();
 * boolean weave = indexes.of(loader).declares("com.acme.Payments");
 * }</pre>
 */
final class TaskIndexes {

  // The lock only guards map operations; reading resources happens outside it.
  private final Map<ClassLoader, TaskIndex> byLoader =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The merged index visible to {@code loader}; empty for the bootstrap loader. */
  TaskIndex of(ClassLoader loader) {
    if (loader == null) {
      return TaskIndex.EMPTY;
    }
    TaskIndex index = byLoader.get(loader);
    if (index == null) {
      index = TaskIndex.load(loader);
      TaskIndex raced = byLoader.putIfAbsent(loader, index);
      if (raced != null) {
        index = raced;
      }
    }
    return index;
  }
}
