package dev.idempotent4j.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/** What the advice leaves in a task method: a constant read and two runtime calls, nothing more. */
class WovenBytecodeTest {

  @Test
  void theInvokerIsAConstantReadAndTheRuntimeIsCalledTwice() throws Exception {
    List<String> calls = wovenCalls("number");

    assertThat(calls)
        .containsSubsequence(
            "GETSTATIC dev/idempotent4j/agent/HandWiredInvokers.number",
            "INVOKEVIRTUAL dev/idempotent4j/runtime/spi/TaskInvoker.enter",
            "INVOKESTATIC dev/idempotent4j/runtime/spi/TaskInvoker.exit");
    assertThat(calls)
        .filteredOn(call -> call.contains("TaskInvoker.enter") || call.contains("TaskInvoker.exit"))
        .hasSize(2);
    assertThat(calls)
        .noneMatch(call -> call.contains("java/lang/reflect") || call.contains("java/util/Map"));
  }

  @Test
  void theOriginalBodyIsStillThere() throws Exception {
    assertThat(wovenCalls("number"))
        .contains("GETSTATIC dev/idempotent4j/agent/AdviceTarget.RUNS");
  }

  private static List<String> wovenCalls(String method) throws Exception {
    FieldDescription invoker =
        new FieldDescription.ForLoadedField(HandWiredInvokers.class.getField(method));
    byte[] classFile =
        new ByteBuddy()
            .redefine(AdviceTarget.class)
            .visit(
                new AdviceTypes()
                    .task(Advice.withCustomMapping().bind(TaskAdvice.Invoker.class, invoker))
                    .on(named(method)))
            .make()
            .getBytes();
    List<String> calls = new ArrayList<>();
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] ex) {
                if (!name.equals(method)) {
                  return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                  @Override
                  public void visitFieldInsn(int op, String owner, String field, String desc) {
                    calls.add(
                        (op == Opcodes.GETSTATIC ? "GETSTATIC " : "FIELD ") + owner + "." + field);
                  }

                  @Override
                  public void visitMethodInsn(
                      int op, String owner, String name, String desc, boolean itf) {
                    String kind =
                        op == Opcodes.INVOKESTATIC
                            ? "INVOKESTATIC "
                            : op == Opcodes.INVOKEVIRTUAL ? "INVOKEVIRTUAL " : "INVOKE ";
                    calls.add(kind + owner + "." + name);
                  }
                };
              }
            },
            0);
    return calls;
  }
}
