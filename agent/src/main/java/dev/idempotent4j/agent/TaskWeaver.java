package dev.idempotent4j.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves one class file: each task the index lists gets {@link TaskMethodWeaver}, calling its
 * generated invoker constant; any other {@code @IdempotentTask} method gets {@link
 * UnprocessedMethodWeaver}. Constructors, bridges and every other method are copied unchanged.
 * Reads class files only (the class's own and its generated class's, as resources of its loader):
 * it loads no class.
 *
 * <pre>{@code
 * byte[] woven = TaskWeaver.weave("com.acme.Payments", classFile, index.entries(name), loader);
 * }</pre>
 */
final class TaskWeaver {

  static final String ANNOTATION_DESCRIPTOR =
      "L" + ClassFileScan.ANNOTATION.replace('.', '/') + ";";

  private TaskWeaver() {}

  /**
   * The woven class file.
   *
   * @param className the binary name ({@code com.acme.Payments})
   * @param entries the index's lines for this class (empty for a class the processor did not see)
   * @param loader the class's loader, which must see the generated classes' class files
   * @throws IllegalStateException if a listed task has no method with code in the class (a stale
   *     index), or its invoker constant cannot be found
   * @throws IllegalArgumentException if the class file does not parse
   */
  static byte[] weave(
      String className, byte[] classFile, List<TaskIndex.Entry> entries, ClassLoader loader) {
    ClassReader reader = new ClassReader(classFile);
    ClassShape shape = ClassShape.read(reader);
    Map<String, TaskIndex.Entry> listed = new HashMap<>();
    for (TaskIndex.Entry entry : entries) {
      ClassShape.Method method = shape.method(entry.methodName() + entry.descriptor());
      if (method == null || !method.hasCode() || entry.methodName().startsWith("<")) {
        throw new IllegalStateException(
            "the task index lists "
                + entry.declaringClass()
                + "."
                + entry.methodName()
                + entry.descriptor()
                + ", but the class has no such method with code: the index is stale. Rebuild the"
                + " application with the idempotent4j processor (a clean build).");
      }
      checkInvokerField(loader, entry);
      listed.put(entry.methodName() + entry.descriptor(), entry);
    }
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] ex) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, ex);
            String id = name + descriptor;
            TaskIndex.Entry entry = listed.get(id);
            if (entry != null) {
              return new TaskMethodWeaver(
                  next,
                  access,
                  descriptor,
                  entry.invokerClass().replace('.', '/'),
                  entry.invokerField(),
                  shape.method(id).maxLocals);
            }
            ClassShape.Method method = shape.method(id);
            // javac copies annotations onto bridge methods; a bridge only calls the task.
            if (method.annotated && method.hasCode() && !method.isBridge()) {
              return new UnprocessedMethodWeaver(next, className, name);
            }
            return next;
          }
        },
        ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  /** The generated {@code public static final TaskInvoker} constant, read from its class file. */
  private static void checkInvokerField(ClassLoader loader, TaskIndex.Entry entry) {
    byte[] generated;
    try (InputStream in =
        loader.getResourceAsStream(entry.invokerClass().replace('.', '/') + ".class")) {
      generated = in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      generated = null;
    }
    if (generated == null) {
      throw new IllegalStateException(
          "the generated class "
              + entry.invokerClass()
              + " that holds the invoker of "
              + entry.declaringClass()
              + "."
              + entry.methodName()
              + " is not visible to the class's loader. Package the processor's generated classes"
              + " with the application.");
    }
    boolean[] found = new boolean[1];
    new ClassReader(generated)
        .accept(
            new ClassVisitor(Opcodes.ASM9) {
              @Override
              public FieldVisitor visitField(
                  int access, String name, String descriptor, String signature, Object value) {
                found[0] |=
                    name.equals(entry.invokerField())
                        && (access & Opcodes.ACC_STATIC) != 0
                        && descriptor.equals(TaskMethodWeaver.TASK_INVOKER_DESCRIPTOR);
                return null;
              }
            },
            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    if (!found[0]) {
      throw new IllegalStateException(
          entry.invokerClass()
              + " has no static "
              + TaskMethodWeaver.TASK_INVOKER.replace('/', '.')
              + " field named '"
              + entry.invokerField()
              + "' for "
              + entry.declaringClass()
              + "."
              + entry.methodName()
              + ": it was generated by another idempotent4j version. Rebuild the application.");
    }
  }
}
