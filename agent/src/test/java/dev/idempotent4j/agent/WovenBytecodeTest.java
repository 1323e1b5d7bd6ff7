package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** What the weaver leaves in a task method: a constant read and the runtime calls, nothing more. */
class WovenBytecodeTest {

  private static final String INVOKER = "dev/idempotent4j/runtime/TaskInvoker";
  private static final String ENTER =
      "INVOKESTATIC dev/idempotent4j/agent/HandWiredInvokers.number$enter";
  private static final String EXIT = "INVOKESTATIC " + INVOKER + ".exit";

  @Test
  void theEntryPointIsAStaticCallAndTheRuntimeIsCalledOnEveryPath() {
    List<String> calls = wovenCalls("number");

    assertThat(calls)
        .containsSubsequence(
            ENTER, "INVOKEVIRTUAL java/util/concurrent/atomic/AtomicInteger.incrementAndGet", EXIT);
    // One enter; one exit at the return, one in the catch-all handler, one on the replay path.
    assertThat(calls).filteredOn(call -> call.equals(ENTER)).hasSize(1);
    assertThat(calls).filteredOn(call -> call.equals(EXIT)).hasSize(3);
    assertThat(calls)
        .noneMatch(call -> call.contains("java/lang/reflect") || call.contains("java/util/Map"));
    // The arguments go to the entry point as they are: nothing boxed, no constant read first.
    assertThat(calls.get(0)).isEqualTo(ENTER);
  }

  @Test
  void theOriginalBodyIsStillThere() {
    assertThat(wovenCalls("number")).contains("GETSTATIC dev/idempotent4j/agent/AdviceTarget.RUNS");
  }

  @Test
  void constructorsAndUnlistedMethodsAreCopiedUnchanged() {
    byte[] woven = HandWiredWeaving.weave("number");

    assertThat(calls(woven, "<init>")).isEqualTo(calls(classFile(), "<init>"));
    assertThat(calls(woven, "text")).isEqualTo(calls(classFile(), "text"));
    assertThat(calls(woven, "text")).noneMatch(call -> call.contains("TaskInvoker"));
  }

  private static byte[] classFile() {
    return WovenClasses.classFileOf(AdviceTarget.class);
  }

  private static List<String> wovenCalls(String method) {
    return calls(HandWiredWeaving.weave(method), method);
  }

  /** The field reads and method calls of {@code method}, in order. */
  static List<String> calls(byte[] classFile, String method) {
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
