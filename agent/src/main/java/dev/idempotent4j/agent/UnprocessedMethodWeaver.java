package dev.idempotent4j.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Woven into an {@code @IdempotentTask} method whose class the processor did not see: there is no
 * key deriver, so the method starts with a call that always throws, with a message that says to
 * enable the processor. The original code follows unchanged (never reached), so no local and no
 * stack map frame changes.
 *
 * <pre>{@code
 * TaskInvoker.unprocessed("com.acme.Payments", "charge");   // always throws
 * }</pre>
 */
final class UnprocessedMethodWeaver extends MethodVisitor {

  private static final String UNPROCESSED =
      "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/Object;";

  private final String className;
  private final String methodName;

  /** {@code className} is the binary name ({@code com.acme.Payments}), as messages show it. */
  UnprocessedMethodWeaver(MethodVisitor next, String className, String methodName) {
    super(Opcodes.ASM9, next);
    this.className = className;
    this.methodName = methodName;
  }

  @Override
  public void visitCode() {
    super.visitCode();
    mv.visitLdcInsn(className);
    mv.visitLdcInsn(methodName);
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC, TaskMethodWeaver.TASK_INVOKER, "unprocessed", UNPROCESSED, false);
    mv.visitInsn(Opcodes.POP);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    super.visitMaxs(Math.max(maxStack, 2), maxLocals);
  }
}
