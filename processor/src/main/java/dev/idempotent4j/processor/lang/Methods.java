package dev.idempotent4j.processor.lang;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * How a method is written in messages, in {@code TaskDefinition.method()} and in the task index.
 *
 * <pre>{@code
 * Methods.display(charge);                    // Payments.charge(Order)
 * Methods.qualified(charge);                  // com.acme.Payments.charge(Order)
 * Methods.descriptor(charge, elements, types) // (Lcom/acme/Order;)Lcom/acme/Receipt;
 * }</pre>
 */
public final class Methods {

  private Methods() {}

  /** {@code Payments.charge(Order)}: for messages. */
  public static String display(ExecutableElement method) {
    TypeElement type = (TypeElement) method.getEnclosingElement();
    String owner = type.getSimpleName().length() == 0 ? "" : type.getSimpleName() + ".";
    return owner + method.getSimpleName() + parameters(method);
  }

  /** {@code com.acme.Payments.charge(Order)}: {@code TaskDefinition.method()}. */
  public static String qualified(ExecutableElement method) {
    TypeElement type = (TypeElement) method.getEnclosingElement();
    return type.getQualifiedName() + "." + method.getSimpleName() + parameters(method);
  }

  private static String parameters(ExecutableElement method) {
    List<String> names = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      names.add(simpleName(parameter.asType()));
    }
    return "(" + String.join(", ", names) + ")";
  }

  /** The erased simple name of a type: {@code Order}, {@code List}, {@code long[]}. */
  private static String simpleName(TypeMirror type) {
    return switch (type.getKind()) {
      case ARRAY -> simpleName(((ArrayType) type).getComponentType()) + "[]";
      case DECLARED -> ((DeclaredType) type).asElement().getSimpleName().toString();
      case TYPEVAR -> simpleName(((TypeVariable) type).getUpperBound());
      default -> type.toString();
    };
  }

  /** A type as a person writes it, without package names: {@code Stream<String>}. */
  public static String simpleType(TypeMirror type) {
    return type.toString().replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
  }

  /** The JVM descriptor of the erased method, as the agent sees it in bytecode. */
  public static String descriptor(ExecutableElement method, Elements elements, Types types) {
    StringBuilder descriptor = new StringBuilder("(");
    for (VariableElement parameter : method.getParameters()) {
      descriptor.append(descriptor(parameter.asType(), elements, types));
    }
    return descriptor
        .append(')')
        .append(descriptor(method.getReturnType(), elements, types))
        .toString();
  }

  private static String descriptor(TypeMirror type, Elements elements, Types types) {
    return switch (type.getKind()) {
      case BOOLEAN -> "Z";
      case BYTE -> "B";
      case SHORT -> "S";
      case CHAR -> "C";
      case INT -> "I";
      case LONG -> "J";
      case FLOAT -> "F";
      case DOUBLE -> "D";
      case VOID -> "V";
      case ARRAY -> "[" + descriptor(((ArrayType) type).getComponentType(), elements, types);
      default -> {
        TypeMirror erased = types.erasure(type);
        if (erased.getKind() == TypeKind.ARRAY) {
          yield descriptor(erased, elements, types);
        }
        TypeElement element = (TypeElement) ((DeclaredType) erased).asElement();
        yield "L" + elements.getBinaryName(element).toString().replace('.', '/') + ";";
      }
    };
  }
}
