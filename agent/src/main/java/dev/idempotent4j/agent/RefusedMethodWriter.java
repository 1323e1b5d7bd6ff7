package dev.idempotent4j.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Replaces the body of a task method in a class that could not be woven with one that throws {@code
 * IdempotencyConfigurationException} carrying the reason. The original code is dropped (with its
 * frames, handlers and debug tables), so the new body needs no stack map frame; the method's
 * signature and annotations stay.
 *
 * <pre>{@code
 * throw new IdempotencyConfigurationException("idempotent4j could not weave ...");
 * }</pre>
 */
final class RefusedMethodWriter extends MethodVisitor {

  private static final String EXCEPTION =
      "dev/idempotent4j/runtime/IdempotencyConfigurationException";

  private final MethodVisitor writer;
  private final String failure;
  private final int parameterSlots;

  RefusedMethodWriter(MethodVisitor writer, int access, String descriptor, String failure) {
    super(Opcodes.ASM9, writer);
    this.writer = writer;
    this.failure = failure;
    // The sizes include one for "this"; max_locals must still cover every parameter.
    int sizes = Type.getArgumentsAndReturnSizes(descriptor) >> 2;
    this.parameterSlots = (access & Opcodes.ACC_STATIC) != 0 ? sizes - 1 : sizes;
  }

  @Override
  public void visitCode() {
    writer.visitCode();
    writer.visitTypeInsn(Opcodes.NEW, EXCEPTION);
    writer.visitInsn(Opcodes.DUP);
    writer.visitLdcInsn(failure);
    writer.visitMethodInsn(
        Opcodes.INVOKESPECIAL, EXCEPTION, "<init>", "(Ljava/lang/String;)V", false);
    writer.visitInsn(Opcodes.ATHROW);
    // Everything the reader reports about the original code from here on is dropped.
    mv = null;
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    writer.visitMaxs(3, parameterSlots);
  }

  @Override
  public void visitEnd() {
    writer.visitEnd();
  }
}
