package dev.idempotent4j.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one transformer, for classes being loaded and for retransformed ones. A cheap
 * pre-filter passes over every class that the task index does not list and whose class file does
 * not mention {@code IdempotentTask}; the rest are woven by {@link TaskWeaver}. When weaving such a
 * class fails, its tasks are made to refuse ({@link Refusal}).
 *
 * <pre>{@code
 * instrumentation.addTransformer(new TaskClassFileTransformer(indexes), true);
 * }</pre>
 */
final class TaskClassFileTransformer implements ClassFileTransformer {

  private static final String AGENT_PACKAGE = "dev/idempotent4j/agent/";
  private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

  private final TaskIndexes indexes;

  /** Loaded classes whose woven code the JVM rejected: retransformed once more, to refuse. */
  private final Map<Class<?>, Throwable> refuseOnRetransform = new ConcurrentHashMap<>();

  TaskClassFileTransformer(TaskIndexes indexes) {
    this.indexes = indexes;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (!isCandidate(loader, internalName, classFile)) {
      return null;
    }
    String className = internalName.replace('/', '.');
    List<TaskIndex.Entry> entries = indexes.of(loader).entries(className);
    Throwable rejected =
        classBeingRedefined == null ? null : refuseOnRetransform.get(classBeingRedefined);
    if (rejected != null) {
      return Refusal.refuse(className, classFile, entries, rejected);
    }
    try {
      byte[] woven = TaskWeaver.weave(className, classFile, entries, loader);
      if (woven == classFile) {
        AgentLog.info("left " + className + " as it is: it was woven at build time");
        return null;
      }
      AgentLog.info("wove " + className + (classBeingRedefined != null ? " (retransformed)" : ""));
      return woven;
    } catch (Throwable e) {
      // Anything thrown out of a transformer makes the JVM load the class unchanged: bare tasks.
      AgentLog.error("could not weave " + className + ": " + e, e);
      return Refusal.refuse(className, classFile, entries, e);
    }
  }

  /**
   * Whether a class may need weaving: the index lists it, or its class file mentions the
   * annotation. The JDK's classes and the agent's own never do.
   */
  boolean isCandidate(ClassLoader loader, String internalName, byte[] classFile) {
    return mayBeCandidate(loader, internalName)
        && (indexes.of(loader).declares(internalName.replace('/', '.'))
            || ClassFileScan.mentionsIdempotentTask(classFile));
  }

  /** Whether the loader and name alone leave the class a possible candidate. */
  boolean mayBeCandidate(ClassLoader loader, String internalName) {
    return loader != null
        && loader != PLATFORM_LOADER
        && internalName != null
        && !internalName.startsWith(AGENT_PACKAGE);
  }

  /** The next retransformation of {@code type} refuses its tasks because of {@code cause}. */
  void refuseOnRetransform(Class<?> type, Throwable cause) {
    refuseOnRetransform.put(type, cause);
  }

  void forget(Class<?> type) {
    refuseOnRetransform.remove(type);
  }
}
