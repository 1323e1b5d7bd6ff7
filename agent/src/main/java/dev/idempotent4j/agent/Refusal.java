package dev.idempotent4j.agent;

import dev.idempotent4j.contract.AnnotationNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What happens to a class with tasks that failed to weave: its {@code @IdempotentTask} methods, and
 * the methods the task index lists, are rewritten to throw {@code
 * IdempotencyConfigurationException} with the cause, because a task that runs without deduplication
 * fails in silence. If even that rewrite fails, the class is given an empty class file, so that
 * defining it fails: it never runs bare.
 *
 * <pre>{@code
 * byte[] refused = Refusal.refuse("com.acme.Payments", classFile, entries, cause);
 * }</pre>
 */
final class Refusal {

  private Refusal() {}

  static String message(String className, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "idempotent4j could not weave "
        + className
        + " ("
        + root
        + "), so its @IdempotentTask methods refuse to run instead of running without"
        + " deduplication. Fix the cause and restart.";
  }

  /**
   * The class file with every task refusing to run, or an empty array if it cannot be rewritten.
   *
   * @param listed the class's lines of the task index (methods that may carry no annotation)
   */
  static byte[] refuse(
      String className, byte[] classFile, List<TaskIndex.Entry> listed, Throwable cause) {
    String message = message(className, cause);
    try {
      Set<String> listedMethods = new HashSet<>();
      for (TaskIndex.Entry entry : listed) {
        listedMethods.add(entry.methodName() + entry.descriptor());
      }
      ClassReader reader = new ClassReader(classFile);
      ClassWriter writer = new ClassWriter(reader, 0);
      reader.accept(new Refusing(writer, listedMethods, message), 0);
      return writer.toByteArray();
    } catch (RuntimeException | LinkageError e) {
      AgentLog.error(
          message + " Rewriting its tasks to refuse failed too, so the class will not load.", e);
      return new byte[0];
    }
  }

  private static final class Refusing extends ClassVisitor {
    private final Set<String> listedMethods;
    private final String message;

    Refusing(ClassVisitor writer, Set<String> listedMethods, String message) {
      super(Opcodes.ASM9, writer);
      this.listedMethods = listedMethods;
      this.message = message;
    }

    @Override
    public void visitEnd() {
      // Refusing tasks never run bare either: the runtime's start-up check must not flag them.
      WovenMarker.add(cv);
      super.visitEnd();
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.startsWith("<")) {
        return next;
      }
      boolean listed = listedMethods.contains(name + descriptor);
      // Annotations come before the code: the decision is made when the code starts.
      return new MethodVisitor(Opcodes.ASM9, next) {
        private boolean task = listed;

        @Override
        public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
          task |= AnnotationNames.IDEMPOTENT_TASK_DESCRIPTOR.equals(annotation);
          return super.visitAnnotation(annotation, visible);
        }

        @Override
        public void visitCode() {
          if (task) {
            mv = new RefusedMethodWriter(mv, access, descriptor, message);
          }
          super.visitCode();
        }
      };
    }
  }
}
