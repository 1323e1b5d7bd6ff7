package dev.idempotent4j.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Weaves the task classes that were loaded before the agent started (self-attach, or another
 * agent's {@code premain} that loaded application classes): they are retransformed, which hands
 * their original class files to {@link TaskClassFileTransformer} again. Repeats until no class
 * appears that was not looked at, because classes may finish loading while this runs.
 *
 * <pre>{@code
 * instrumentation.addTransformer(transformer, true);
 * LoadedClasses.retransform(instrumentation, transformer);
 * }</pre>
 */
final class LoadedClasses {

  private static final byte[] NO_CLASS_FILE = new byte[0];

  private LoadedClasses() {}

  /**
   * @throws IllegalStateException naming the classes whose tasks could neither be woven nor made to
   *     refuse (the JVM rejected both class files): they would run without deduplication
   */
  static void retransform(Instrumentation inst, TaskClassFileTransformer transformer) {
    Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> failures = new ArrayList<>();
    boolean unseen = true;
    while (unseen) {
      unseen = false;
      List<Class<?>> candidates = new ArrayList<>();
      for (Class<?> type : inst.getAllLoadedClasses()) {
        if (seen.add(type)) {
          unseen = true;
          if (isCandidate(inst, transformer, type)) {
            candidates.add(type);
          }
        }
      }
      if (!candidates.isEmpty()) {
        retransform(inst, transformer, candidates, failures);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "idempotent4j could not weave classes loaded before the agent started, nor make their"
              + " tasks refuse to run: "
              + failures
              + ". Start the JVM with -javaagent:idempotent4j-agent.jar instead.");
    }
  }

  private static boolean isCandidate(
      Instrumentation inst, TaskClassFileTransformer transformer, Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    if (loader == null || !inst.isModifiableClass(type)) {
      return false;
    }
    String internalName = type.getName().replace('.', '/');
    // Without a class file the pre-filter answers from the index and the names alone; only a
    // class it does not rule out that way is read and scanned.
    return transformer.isCandidate(loader, internalName, NO_CLASS_FILE)
        || (transformer.mayBeCandidate(loader, internalName)
            && transformer.isCandidate(loader, internalName, classFile(loader, internalName)));
  }

  private static byte[] classFile(ClassLoader loader, String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      return in == null ? new byte[0] : in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static void retransform(
      Instrumentation inst,
      TaskClassFileTransformer transformer,
      List<Class<?>> candidates,
      List<String> failures) {
    try {
      inst.retransformClasses(candidates.toArray(new Class<?>[0]));
      return;
    } catch (UnmodifiableClassException | RuntimeException | LinkageError batchFailed) {
      // The JVM installs none of a batch that fails: find the class it rejects, one by one.
    }
    for (Class<?> type : candidates) {
      try {
        inst.retransformClasses(type);
      } catch (UnmodifiableClassException | RuntimeException | LinkageError rejected) {
        AgentLog.error("the JVM rejected the woven " + type.getName() + ": " + rejected, rejected);
        transformer.refuseOnRetransform(type, rejected);
        try {
          inst.retransformClasses(type);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
          failures.add(type.getName() + " (" + e + ")");
        } finally {
          transformer.forget(type);
        }
      }
    }
  }
}
