package dev.idempotent4j.benchmarks.startup.plain;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Diagnosis only, not a baseline: how much start-up a weaver costs that uses only the ASM inside
 * Byte Buddy, never its {@code AgentBuilder}. A bare {@link ClassFileTransformer} matches {@code
 * Greeter} by name and weaves {@code greet} with the calls the idempotent4j advice makes ({@code
 * TaskInvoker.enter}, skip on {@code Replay}, {@code TaskInvoker.exit}); it leaves out the
 * exception path, which costs no start-up. Selected by the plain agent's argument {@code asm}.
 *
 * <pre>
 * java -javaagent:benchmarks/target/plain-bytebuddy-agent.jar=asm \
 *   -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.startup.StartupMain
 * </pre>
 */
final class AsmWeavingPrototype implements ClassFileTransformer {

  private static final String TARGET = "dev/idempotent4j/benchmarks/startup/Greeter";
  private static final String INVOKERS = TARGET + "_Idempotent4j";
  private static final String INVOKER = "dev/idempotent4j/runtime/spi/TaskInvoker";
  private static final String REPLAY = "dev/idempotent4j/runtime/spi/Replay";

  private AsmWeavingPrototype() {}

  static void install(Instrumentation instrumentation) {
    instrumentation.addTransformer(new AsmWeavingPrototype());
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String name,
      Class<?> redefined,
      ProtectionDomain domain,
      byte[] classFile) {
    if (!TARGET.equals(name)) {
      return null;
    }
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer =
        new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES) {
          @Override
          protected String getCommonSuperClass(String first, String second) {
            return "java/lang/Object"; // enough for greet; loads no class while weaving
          }
        };
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String method, String descriptor, String signature, String[] thrown) {
            MethodVisitor next = super.visitMethod(access, method, descriptor, signature, thrown);
            return method.equals("greet") ? new Woven(next) : next;
          }
        },
        ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  /** {@code greet(String)}: one argument, the entered handle in local 2. */
  private static final class Woven extends MethodVisitor {
    Woven(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      mv.visitFieldInsn(Opcodes.GETSTATIC, INVOKERS, "greet", "L" + INVOKER + ";");
      mv.visitInsn(Opcodes.ICONST_1);
      mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
      mv.visitInsn(Opcodes.DUP);
      mv.visitInsn(Opcodes.ICONST_0);
      mv.visitVarInsn(Opcodes.ALOAD, 1);
      mv.visitInsn(Opcodes.AASTORE);
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL,
          INVOKER,
          "enter",
          "([Ljava/lang/Object;)Ljava/lang/Object;",
          false);
      mv.visitVarInsn(Opcodes.ASTORE, 2);
      mv.visitVarInsn(Opcodes.ALOAD, 2);
      mv.visitTypeInsn(Opcodes.INSTANCEOF, REPLAY);
      Label body = new Label();
      mv.visitJumpInsn(Opcodes.IFEQ, body);
      mv.visitVarInsn(Opcodes.ALOAD, 2);
      mv.visitTypeInsn(Opcodes.CHECKCAST, REPLAY);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, REPLAY, "value", "()Ljava/lang/Object;", false);
      mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
      mv.visitInsn(Opcodes.ARETURN);
      mv.visitLabel(body);
    }

    @Override
    public void visitInsn(int opcode) {
      if (opcode == Opcodes.ARETURN) {
        // result on the stack: exit(entered, result, null), cast back
        mv.visitVarInsn(Opcodes.ASTORE, 3);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitMethodInsn(
            Opcodes.INVOKESTATIC,
            INVOKER,
            "exit",
            "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;",
            false);
        mv.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
      }
      super.visitInsn(opcode);
    }
  }
}
