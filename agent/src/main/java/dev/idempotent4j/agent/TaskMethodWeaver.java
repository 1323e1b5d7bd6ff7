package dev.idempotent4j.agent;

import dev.idempotent4j.contract.RuntimeNames;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the body of one task method into a stub around the original code that hands every
 * decision to the runtime. In Java, the woven method reads:
 *
 * <pre>{@code
 * Object entered = Payments_Idempotent4j.charge$enter(order);   // the task's entry point; may throw
 * if (entered instanceof Replay) return (Receipt) TaskInvoker.exit(entered, null, null);
 * try {
 *   ... original body; each "return r;" becomes:
 *   return (Receipt) TaskInvoker.exit(entered, r, null);   // outside the try range
 * } catch (Throwable t) {                                  // after the body's own handlers
 *   TaskInvoker.exit(entered, null, t);
 *   throw t;
 * }
 * }</pre>
 *
 * <p>The arguments are passed as they are (references typed {@code Object}, primitives unboxed:
 * {@link #entryPointDescriptor}), so the stub builds no array and boxes nothing before the runtime
 * has decided; the generated entry point does that only when the call is not a local hit.
 * Primitives are boxed for {@code exit}, and unboxed from what it returns. {@code entered} lives in
 * a new local after the method's own ({@code maxLocals}), so the original code keeps its local
 * indexes, and every stack map frame of the original code is kept with that local added: frames are
 * never recomputed, so weaving loads no classes and needs no class hierarchy. The class must be
 * read with {@code ClassReader.EXPAND_FRAMES}.
 */
final class TaskMethodWeaver extends MethodVisitor {

  static final String TASK_INVOKER = RuntimeNames.TASK_INVOKER_INTERNAL;
  static final String TASK_INVOKER_DESCRIPTOR = "L" + TASK_INVOKER + ";";
  private static final String REPLAY = RuntimeNames.REPLAY_INTERNAL;
  private static final String EXIT =
      "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";
  private static final String OBJECT = "java/lang/Object";
  private static final String THROWABLE = "java/lang/Throwable";

  /**
   * The most the stub's own code pushes besides the arguments: the catch-all handler's throwable
   * under {@code exit}'s three.
   */
  private static final int STUB_STACK = 4;

  private final String invokerClass;
  private final String entryPoint;
  private final boolean isStatic;
  private final Type[] arguments;
  private final Type returnType;
  private final int entered;
  private final Label replay = new Label();

  /** Ranges of original code that the catch-all covers: start and end labels, in pairs. */
  private final List<Label> covered = new ArrayList<>();

  private Label rangeStart;

  /**
   * @param invokerClass internal name of the generated class holding the invoker constant
   * @param maxLocals the method's {@code max_locals}: the first local index the body never uses
   */
  TaskMethodWeaver(
      MethodVisitor next,
      int access,
      String descriptor,
      String invokerClass,
      String invokerField,
      int maxLocals) {
    super(Opcodes.ASM9, next);
    this.invokerClass = invokerClass;
    this.entryPoint = invokerField + RuntimeNames.ENTRY_POINT_SUFFIX;
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.arguments = Type.getArgumentTypes(descriptor);
    this.returnType = Type.getReturnType(descriptor);
    this.entered = maxLocals;
  }

  @Override
  public void visitCode() {
    super.visitCode();
    int slot = isStatic ? 0 : 1;
    for (Type argument : arguments) {
      mv.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
      slot += argument.getSize();
    }
    mv.visitMethodInsn(
        Opcodes.INVOKESTATIC, invokerClass, entryPoint, entryPointDescriptor(arguments), false);
    mv.visitVarInsn(Opcodes.ASTORE, entered);
    mv.visitVarInsn(Opcodes.ALOAD, entered);
    mv.visitTypeInsn(Opcodes.INSTANCEOF, REPLAY);
    // The replay path is placed after the body: the original code follows without a branch
    // target, so it needs no new stack map frame here (it may carry its own at offset 0).
    mv.visitJumpInsn(Opcodes.IFNE, replay);
    startRange();
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
    if (type != Opcodes.F_NEW) {
      throw new IllegalStateException("the class must be read with ClassReader.EXPAND_FRAMES");
    }
    Object[] locals = withEntered(local, numLocal);
    super.visitFrame(Opcodes.F_NEW, locals.length, locals, numStack, stack);
  }

  @Override
  public void visitInsn(int opcode) {
    if (opcode < Opcodes.IRETURN || opcode > Opcodes.RETURN) {
      super.visitInsn(opcode);
      return;
    }
    // exit() must not run inside the catch-all: were it to throw, exit would run a second time.
    endRange();
    if (returnType.getSort() == Type.VOID) {
      mv.visitVarInsn(Opcodes.ALOAD, entered);
      mv.visitInsn(Opcodes.ACONST_NULL);
    } else {
      Boxing.box(mv, returnType);
      mv.visitVarInsn(Opcodes.ALOAD, entered);
      mv.visitInsn(Opcodes.SWAP);
    }
    mv.visitInsn(Opcodes.ACONST_NULL);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, TASK_INVOKER, "exit", EXIT, false);
    returnExitValue();
    startRange();
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    endRange();
    Object[] onlyEntered = withEntered(new Object[0], 0);

    Label handler = new Label();
    mv.visitLabel(handler);
    mv.visitFrame(Opcodes.F_NEW, onlyEntered.length, onlyEntered, 1, new Object[] {THROWABLE});
    // [t] -> [t, t, entered] -> [t, entered, null, t] -> exit -> [t]
    mv.visitInsn(Opcodes.DUP);
    mv.visitVarInsn(Opcodes.ALOAD, entered);
    mv.visitInsn(Opcodes.SWAP);
    mv.visitInsn(Opcodes.ACONST_NULL);
    mv.visitInsn(Opcodes.SWAP);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, TASK_INVOKER, "exit", EXIT, false);
    mv.visitInsn(Opcodes.POP);
    mv.visitInsn(Opcodes.ATHROW);

    mv.visitLabel(replay);
    mv.visitFrame(Opcodes.F_NEW, onlyEntered.length, onlyEntered, 0, new Object[0]);
    mv.visitVarInsn(Opcodes.ALOAD, entered);
    mv.visitInsn(Opcodes.ACONST_NULL);
    mv.visitInsn(Opcodes.ACONST_NULL);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, TASK_INVOKER, "exit", EXIT, false);
    returnExitValue();

    // Registered last, so that the body's own handlers, listed before, still come first.
    for (int i = 0; i < covered.size(); i += 2) {
      Label start = covered.get(i);
      Label end = covered.get(i + 1);
      if (start.getOffset() < end.getOffset()) {
        mv.visitTryCatchBlock(start, end, handler, null);
      }
    }
    // +2: a return pushes entered and null over the (boxed) value.
    int stub = Math.max(STUB_STACK, argumentSlots(arguments)); // the arguments, then the call
    super.visitMaxs(Math.max(maxStack + 2, stub), Math.max(maxLocals, entered + 1));
  }

  /**
   * The descriptor of the entry point of a method whose parameters are {@code arguments}: each
   * reference as {@code Object} (the generated class may not be able to name the type; the value
   * needs no cast), each primitive as it is, returning {@code Object}. The processor declares the
   * same parameters.
   */
  static String entryPointDescriptor(Type[] arguments) {
    StringBuilder descriptor = new StringBuilder("(");
    for (Type argument : arguments) {
      boolean reference = argument.getSort() == Type.OBJECT || argument.getSort() == Type.ARRAY;
      descriptor.append(reference ? "Ljava/lang/Object;" : argument.getDescriptor());
    }
    return descriptor.append(")Ljava/lang/Object;").toString();
  }

  private static int argumentSlots(Type[] arguments) {
    int slots = 0;
    for (Type argument : arguments) {
      slots += argument.getSize();
    }
    return slots;
  }

  /** Returns the {@code Object} that {@code exit} left on the stack as the method's type. */
  private void returnExitValue() {
    if (returnType.getSort() == Type.VOID) {
      mv.visitInsn(Opcodes.POP);
      mv.visitInsn(Opcodes.RETURN);
    } else {
      Boxing.unbox(mv, returnType);
      mv.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
    }
  }

  private void startRange() {
    rangeStart = new Label();
    mv.visitLabel(rangeStart);
  }

  private void endRange() {
    Label end = new Label();
    mv.visitLabel(end);
    covered.add(rangeStart);
    covered.add(end);
  }

  /**
   * {@code local} (a frame's locals, expanded: a long or double is one entry for two slots) with
   * {@code entered} added at its index; the slots between are unknown ({@code TOP}).
   */
  private Object[] withEntered(Object[] local, int numLocal) {
    int slots = 0;
    for (int i = 0; i < numLocal; i++) {
      slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
    }
    if (slots > entered) {
      throw new IllegalStateException(
          "a stack map frame has " + slots + " locals, more than max_locals " + entered);
    }
    Object[] locals = new Object[numLocal + entered - slots + 1];
    System.arraycopy(local, 0, locals, 0, numLocal);
    for (int i = numLocal; i < locals.length - 1; i++) {
      locals[i] = Opcodes.TOP;
    }
    locals[locals.length - 1] = OBJECT;
    return locals;
  }
}
