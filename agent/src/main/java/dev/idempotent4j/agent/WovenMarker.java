package dev.idempotent4j.agent;

import dev.idempotent4j.contract.RuntimeNames;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;

/**
 * The mark a woven class carries: the runtime annotation {@code
 * dev.idempotent4j.runtime.spi.Woven}, added to the class by the weaver (at load by the agent, or
 * at build time by {@link BuildTimeWeaver}). It lets the agent leave a class woven at build time
 * alone, and the runtime's start-up check tell a woven task class from one that would run bare. An
 * annotation rather than a field: retransformation may change attributes but never add fields.
 *
 * <pre>{@code
 * WovenMarker.add(classVisitor);   // before visitEnd
 * }</pre>
 */
final class WovenMarker {

  static final String DESCRIPTOR = RuntimeNames.WOVEN_DESCRIPTOR;

  private WovenMarker() {}

  /** Adds the marker to the class {@code writer} is writing; call it before its visitEnd. */
  static void add(ClassVisitor writer) {
    AnnotationVisitor marker = writer.visitAnnotation(DESCRIPTOR, true);
    if (marker != null) {
      marker.visitEnd();
    }
  }
}
