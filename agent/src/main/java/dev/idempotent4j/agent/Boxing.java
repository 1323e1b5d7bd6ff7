package dev.idempotent4j.agent;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Moves values between a method's own types and the {@code Object} that the runtime's entry points
 * take and return: primitives through their box ({@code Integer.valueOf}, {@code intValue()}),
 * references by a cast.
 *
 * <pre>{@code
 * Boxing.box(mv, Type.INT_TYPE);     // int on the stack -> Integer
 * Boxing.unbox(mv, Type.INT_TYPE);   // Object on the stack -> int (CHECKCAST Integer, intValue)
 * }</pre>
 */
final class Boxing {

  private static final String OBJECT = "java/lang/Object";

  private Boxing() {}

  /** Boxes the value of {@code type} on top of the stack; a reference stays as it is. */
  static void box(MethodVisitor mv, Type type) {
    String box = boxOf(type);
    if (box != null) {
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          box,
          "valueOf",
          "(" + type.getDescriptor() + ")L" + box + ";",
          false);
    }
  }

  /**
   * Turns the {@code Object} on top of the stack into a value of {@code type}: unboxed for a
   * primitive (a null then throws {@code NullPointerException}), cast for a reference.
   */
  static void unbox(MethodVisitor mv, Type type) {
    String box = boxOf(type);
    if (box != null) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, box);
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL,
          box,
          type.getClassName() + "Value",
          "()" + type.getDescriptor(),
          false);
    } else if (!type.getInternalName().equals(OBJECT)) {
      mv.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
    }
  }

  /** Pushes a small non-negative int constant (argument counts and indexes: at most 255). */
  static void push(MethodVisitor mv, int value) {
    if (value <= 5) {
      mv.visitInsn(Opcodes.ICONST_0 + value);
    } else if (value <= Byte.MAX_VALUE) {
      mv.visitIntInsn(Opcodes.BIPUSH, value);
    } else {
      mv.visitIntInsn(Opcodes.SIPUSH, value);
    }
  }

  private static String boxOf(Type type) {
    return switch (type.getSort()) {
      case Type.BOOLEAN -> "java/lang/Boolean";
      case Type.CHAR -> "java/lang/Character";
      case Type.BYTE -> "java/lang/Byte";
      case Type.SHORT -> "java/lang/Short";
      case Type.INT -> "java/lang/Integer";
      case Type.FLOAT -> "java/lang/Float";
      case Type.LONG -> "java/lang/Long";
      case Type.DOUBLE -> "java/lang/Double";
      default -> null;
    };
  }
}
