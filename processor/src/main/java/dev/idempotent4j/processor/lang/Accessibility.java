package dev.idempotent4j.processor.lang;

import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Whether the generated class, a top-level class in the task's package, can name a type or use a
 * member. It is neither nested in nor a subclass of the task's class, so private members are out of
 * reach and protected ones count as package-private.
 *
 * <pre>{@code
 * accessibility.problem(customerField);  // Optional["'Order.customer' is private"]
 * }</pre>
 */
public final class Accessibility {

  private final Elements elements;
  private final PackageElement from;

  public Accessibility(Elements elements, PackageElement from) {
    this.elements = elements;
    this.from = from;
  }

  /** Why the generated class cannot name {@code type}, if it cannot. */
  public Optional<String> typeProblem(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return typeProblem(((ArrayType) type).getComponentType());
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    Optional<String> own = typeElementProblem((TypeElement) ((DeclaredType) type).asElement());
    if (own.isPresent()) {
      return own;
    }
    for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
      Optional<String> problem = typeProblem(argument);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** Why the generated class cannot use {@code member} (a field or method), if it cannot. */
  public Optional<String> memberProblem(Element member) {
    return modifierProblem(
        member,
        "'" + member.getEnclosingElement().getSimpleName() + "." + member.getSimpleName() + "'");
  }

  private Optional<String> typeElementProblem(TypeElement type) {
    for (Element e = type;
        e != null && e.getKind() != ElementKind.PACKAGE;
        e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t) {
        Optional<String> problem = modifierProblem(t, "type '" + t.getQualifiedName() + "'");
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<String> modifierProblem(Element element, String what) {
    if (element.getModifiers().contains(Modifier.PRIVATE)) {
      return Optional.of(what + " is private");
    }
    if (element.getModifiers().contains(Modifier.PUBLIC) || isInterfaceMember(element)) {
      return Optional.empty();
    }
    PackageElement declared = elements.getPackageOf(element);
    if (!declared.getQualifiedName().contentEquals(from.getQualifiedName())) {
      String access =
          element.getModifiers().contains(Modifier.PROTECTED) ? "protected" : "package-private";
      return Optional.of(
          what + " is " + access + " in package '" + declared.getQualifiedName() + "'");
    }
    return Optional.empty();
  }

  private static boolean isInterfaceMember(Element element) {
    Element enclosing = element.getEnclosingElement();
    return enclosing != null
        && (enclosing.getKind() == ElementKind.INTERFACE
            || enclosing.getKind() == ElementKind.ANNOTATION_TYPE);
  }
}
