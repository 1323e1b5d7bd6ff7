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
 * reach and protected ones count as package-private. The one copy of this walk: the checks, the
 * task class generator and the codec planner all ask here, and only word the answer their way.
 *
 * <pre>{@code
 * accessibility.memberProblem(customerField);  // Optional["'Order.customer' is private"]
 * accessibility.hiddenType(itemRecord);        // Optional[Hidden[Outer.Item, private]]
 * }</pre>
 */
public final class Accessibility {

  private final Elements elements;
  private final String from;

  /** What a class in package {@code from} can name. */
  public Accessibility(Elements elements, PackageElement from) {
    this(elements, from.getQualifiedName().toString());
  }

  /**
   * What a class in the package named {@code from} can name ({@code ""}: the unnamed package); with
   * {@code null}, only what no other class can name (private types) counts.
   */
  public Accessibility(Elements elements, String from) {
    this.elements = elements;
    this.from = from;
  }

  /**
   * Why a class in the package cannot name {@code type}: the type itself or one it is nested in.
   *
   * @param type the type that cannot be named
   * @param isPrivate whether it is private; otherwise it is not public in another package
   * @param access {@code "private"}, {@code "protected"} or {@code "package-private"}
   * @param packageName the package it is declared in
   */
  public record Hidden(TypeElement type, boolean isPrivate, String access, String packageName) {}

  /** Why the generated class cannot name {@code type}, if it cannot. */
  public Optional<String> typeProblem(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return typeProblem(((ArrayType) type).getComponentType());
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    Optional<Hidden> own = hiddenType((TypeElement) ((DeclaredType) type).asElement());
    if (own.isPresent()) {
      Hidden hidden = own.get();
      return Optional.of(
          describe(
              "type '" + hidden.type().getQualifiedName() + "'", hidden.access(), hidden.type()));
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
    String what =
        "'" + member.getEnclosingElement().getSimpleName() + "." + member.getSimpleName() + "'";
    return hidden(member).map(access -> describe(what, access, member));
  }

  /**
   * The first of {@code type} and the types it is nested in that the generated class cannot name,
   * from the inside out.
   */
  public Optional<Hidden> hiddenType(TypeElement type) {
    for (Element e = type;
        e != null && e.getKind() != ElementKind.PACKAGE;
        e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t) {
        Optional<String> access = hidden(t);
        if (access.isPresent()) {
          return Optional.of(
              new Hidden(
                  t,
                  access.get().equals("private"),
                  access.get(),
                  elements.getPackageOf(t).getQualifiedName().toString()));
        }
      }
    }
    return Optional.empty();
  }

  private String describe(String what, String access, Element element) {
    if (access.equals("private")) {
      return what + " is private";
    }
    return what
        + " is "
        + access
        + " in package '"
        + elements.getPackageOf(element).getQualifiedName()
        + "'";
  }

  /** The access that hides {@code element} from the generated class, if it is hidden. */
  private Optional<String> hidden(Element element) {
    if (element.getModifiers().contains(Modifier.PRIVATE)) {
      return Optional.of("private");
    }
    if (element.getModifiers().contains(Modifier.PUBLIC) || isInterfaceMember(element)) {
      return Optional.empty();
    }
    String declared = elements.getPackageOf(element).getQualifiedName().toString();
    if (from != null && !declared.equals(from)) {
      return Optional.of(
          element.getModifiers().contains(Modifier.PROTECTED) ? "protected" : "package-private");
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
