package dev.idempotent4j.agent;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Wraps Byte Buddy's transformer with a pre-filter, so that most classes never reach Byte Buddy's
 * matching: only a class the index lists, or whose class file mentions {@code IdempotentTask}, is
 * passed on. When weaving such a class fails, its tasks are made to refuse ({@link Refusal}).
 *
 * <pre>{@code
 * agentBuilder.with(raw -> new TaskClassFileTransformer(raw, indexes, listener, refusal))
 * }</pre>
 */
final class TaskClassFileTransformer extends ResettableClassFileTransformer.WithDelegation {

  private static final String AGENT_PACKAGE = "dev/idempotent4j/agent/";
  private static final ClassLoader PLATFORM_LOADER = ClassLoader.getPlatformClassLoader();

  private final TaskIndexes indexes;
  private final LoudListener listener;
  private final Refusal refusal;

  TaskClassFileTransformer(
      ResettableClassFileTransformer byteBuddy,
      TaskIndexes indexes,
      LoudListener listener,
      Refusal refusal) {
    super(byteBuddy);
    this.indexes = indexes;
    this.listener = listener;
    this.refusal = refusal;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (!isCandidate(loader, internalName, classFile)) {
      return null;
    }
    return weave(
        loader,
        internalName,
        classFile,
        () ->
            classFileTransformer.transform(
                module, loader, internalName, classBeingRedefined, protectionDomain, classFile));
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
    return weave(
        loader,
        internalName,
        classFile,
        () ->
            classFileTransformer.transform(
                loader, internalName, classBeingRedefined, protectionDomain, classFile));
  }

  private byte[] weave(
      ClassLoader loader, String internalName, byte[] classFile, Transformation byteBuddy) {
    String className = internalName.replace('/', '.');
    listener.clear();
    byte[] woven;
    try {
      woven = byteBuddy.apply();
    } catch (IllegalClassFormatException | RuntimeException e) {
      AgentLog.error("could not weave " + className + ": " + e, e);
      return refusal.refuse(className, loader, classFile, e);
    }
    Throwable failure = listener.takeFailure();
    if (failure != null) {
      return refusal.refuse(className, loader, classFile, failure);
    }
    return woven;
  }

  /** One call of Byte Buddy's transformer. */
  @FunctionalInterface
  private interface Transformation {
    byte[] apply() throws IllegalClassFormatException;
  }

  private boolean isCandidate(ClassLoader loader, String internalName, byte[] classFile) {
    if (loader == null
        || loader == PLATFORM_LOADER
        || internalName == null
        || internalName.startsWith(AGENT_PACKAGE)) {
      return false;
    }
    return indexes.of(loader).declares(internalName.replace('/', '.'))
        || ClassFileScan.mentionsIdempotentTask(classFile);
  }
}
