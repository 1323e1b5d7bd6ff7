package dev.idempotent4j.agent;

import dev.idempotent4j.contract.AnnotationNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the weaver must know about a class's methods before it rewrites them: their access flags,
 * whether they carry {@code @IdempotentTask}, and their {@code max_locals} (the first local a woven
 * task may add; ASM reports it only after the code).
 *
 * <pre>{@code
 * ClassShape shape = ClassShape.read(reader);
 * ClassShape.Method charge = shape.method("charge(Lcom/acme/Order;)Lcom/acme/Receipt;");
 * }</pre>
 */
final class ClassShape {

  /** One declared method. */
  static final class Method {
    final int access;
    boolean annotated;
    int maxLocals;

    Method(int access) {
      this.access = access;
    }

    boolean hasCode() {
      return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
    }

    boolean isBridge() {
      return (access & Opcodes.ACC_BRIDGE) != 0;
    }
  }

  private final Map<String, Method> methods = new HashMap<>();

  /** Whether the class carries the weaver's marker: a weaver already rewrote it. */
  private boolean woven;

  private ClassShape() {}

  static ClassShape read(ClassReader reader) {
    ClassShape shape = new ClassShape();
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
            shape.woven |= WovenMarker.DESCRIPTOR.equals(annotation);
            return null;
          }

          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] ex) {
            Method method = new Method(access);
            shape.methods.put(name + descriptor, method);
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                method.annotated |= AnnotationNames.IDEMPOTENT_TASK_DESCRIPTOR.equals(annotation);
                return null;
              }

              @Override
              public void visitMaxs(int maxStack, int maxLocals) {
                method.maxLocals = maxLocals;
              }
            };
          }
        },
        ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return shape;
  }

  /** Whether the class was woven before (at build time): weaving it again would nest stubs. */
  boolean woven() {
    return woven;
  }

  /**
   * The methods that carry {@code @IdempotentTask} and have code of their own (bridges, which javac
   * annotates too, excluded), as {@code name + descriptor}.
   */
  Set<String> annotatedMethods() {
    Set<String> annotated = new TreeSet<>();
    methods.forEach(
        (id, method) -> {
          if (method.annotated && method.hasCode() && !method.isBridge()) {
            annotated.add(id);
          }
        });
    return annotated;
  }

  /** The method with this name and descriptor ({@code name + descriptor}), or null. */
  Method method(String nameAndDescriptor) {
    return methods.get(nameAndDescriptor);
  }
}
