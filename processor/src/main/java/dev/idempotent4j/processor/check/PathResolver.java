package dev.idempotent4j.processor.check;

import dev.idempotent4j.processor.lang.Accessibility;
import dev.idempotent4j.processor.model.ResolvedPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Resolves {@code param.path.to.value} against a method's parameters: each step is a record
 * component, a getter ({@code getX()}, {@code isX()}, {@code x()}) or a non-private field, usable
 * from the generated class in the method's package, and the final value has a stable text form.
 *
 * <pre>{@code
 * PathResolver.Resolution r = resolver.resolve(chargeMethod, List.of("order", "id"));
 * r.path();     // the resolved path, or
 * r.failure();  // Failure[UNKNOWN_MEMBER, "Order has no record component, getter or field 'idd'..."]
 * }</pre>
 */
final class PathResolver {

  /** Which check failed, so the validator can pick the key or fingerprint diagnostic. */
  enum FailureKind {
    UNKNOWN_PARAMETER,
    UNKNOWN_MEMBER,
    INACCESSIBLE,
    UNSTABLE
  }

  /** Why a path does not resolve; {@code message} quotes the path and says how to fix it. */
  record Failure(FailureKind kind, String message) {}

  /** Either a resolved path or a failure. */
  record Resolution(ResolvedPath path, Failure failure) {}

  private static final Set<String> OBJECT_METHODS =
      Set.of(
          "getClass", "hashCode", "toString", "clone", "notify", "notifyAll", "wait", "finalize");

  private final Elements elements;
  private final Types types;
  private final StableText stableText;
  private final Accessibility accessibility;

  PathResolver(Elements elements, Types types, Accessibility accessibility) {
    this.elements = elements;
    this.types = types;
    this.stableText = new StableText(elements, types);
    this.accessibility = accessibility;
  }

  /** Resolves {@code path} (at least the parameter name) against {@code method}'s parameters. */
  Resolution resolve(ExecutableElement method, List<String> path) {
    List<? extends VariableElement> parameters = method.getParameters();
    String root = path.get(0);
    int index = -1;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i++) {
      names.add(parameters.get(i).getSimpleName().toString());
      if (names.get(i).equals(root)) {
        index = i;
      }
    }
    if (index < 0) {
      return failed(FailureKind.UNKNOWN_PARAMETER, unknownParameter(method, root, names));
    }
    TypeMirror declared = parameters.get(index).asType();
    // The generated code can only cast to what it can name: a method's type variable becomes
    // its erasure, and the path then resolves against that erasure, exactly as javac will.
    TypeMirror castType = containsTypeVariable(declared) ? types.erasure(declared) : declared;
    Optional<String> hidden = accessibility.typeProblem(castType);
    if (hidden.isPresent()) {
      return failed(
          FailureKind.INACCESSIBLE,
          "parameter '"
              + root
              + "' cannot be read by the generated class "
              + "in the same package: "
              + hidden.get()
              + "; make it package-private or public");
    }
    List<ResolvedPath.Step> steps = new ArrayList<>();
    TypeMirror current = declared.getKind() == TypeKind.TYPEVAR ? declared : castType;
    for (int i = 1; i < path.size(); i++) {
      String name = path.get(i);
      String soFar = String.join(".", path.subList(0, i));
      TypeMirror receiver = upperBound(current);
      if (receiver.getKind() != TypeKind.DECLARED) {
        return failed(
            FailureKind.UNKNOWN_MEMBER,
            "'"
                + soFar
                + "' is a "
                + current
                + ", which has no member '"
                + name
                + "'; end the path at '"
                + soFar
                + "'");
      }
      DeclaredType receiverType = (DeclaredType) receiver;
      if (i > 1) {
        Optional<String> problem = accessibility.typeProblem(types.erasure(receiverType));
        if (problem.isPresent()) {
          return failed(
              FailureKind.INACCESSIBLE,
              "'"
                  + soFar
                  + "' cannot be read by the generated class in the same package: "
                  + problem.get()
                  + "; make it package-private or public");
        }
      }
      Resolution step = step(receiverType, soFar, name, steps);
      if (step != null) {
        return step;
      }
      current = steps.get(steps.size() - 1).type();
    }
    String dotted = String.join(".", path);
    StableText.Classification classification = stableText.classify(current, dotted);
    if (!classification.isStable()) {
      return failed(FailureKind.UNSTABLE, classification.unstableReason());
    }
    return new Resolution(
        new ResolvedPath(path, index, castType, steps, classification.form()), null);
  }

  /** Appends the step named {@code name} on {@code receiver}, or returns the failure. */
  private Resolution step(
      DeclaredType receiver, String soFar, String name, List<ResolvedPath.Step> steps) {
    TypeElement type = (TypeElement) receiver.asElement();
    String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    List<ExecutableElement> getters = new ArrayList<>();
    for (String candidate : List.of("get" + capitalized, "is" + capitalized, name)) {
      for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
        if (isGetter(method)
            && method.getSimpleName().contentEquals(candidate)
            && (!candidate.startsWith("is")
                || candidate.equals(name)
                || isBoolean(method.getReturnType()))) {
          getters.add(method);
        }
      }
    }
    List<VariableElement> fields = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(elements.getAllMembers(type))) {
      if (!field.getModifiers().contains(Modifier.STATIC)
          && field.getSimpleName().contentEquals(name)) {
        fields.add(field);
      }
    }
    List<Element> candidates = new ArrayList<>(getters);
    candidates.addAll(fields);
    if (candidates.isEmpty()) {
      return failed(FailureKind.UNKNOWN_MEMBER, unknownMember(type, soFar, name));
    }
    for (Element candidate : candidates) {
      if (accessibility.memberProblem(candidate).isEmpty()) {
        TypeMirror memberType = types.asMemberOf(receiver, candidate);
        if (memberType instanceof ExecutableType executable) {
          steps.add(
              new ResolvedPath.Step(
                  name, candidate.getSimpleName() + "()", executable.getReturnType()));
        } else {
          steps.add(new ResolvedPath.Step(name, candidate.getSimpleName().toString(), memberType));
        }
        return null;
      }
    }
    Element first = candidates.get(0);
    return failed(
        FailureKind.INACCESSIBLE,
        "'"
            + soFar
            + "."
            + name
            + "' cannot be read by the generated class in the same"
            + " package: "
            + accessibility.memberProblem(first).orElseThrow()
            + "; make it package-private or public, or add a getter get"
            + capitalized
            + "()");
  }

  private String unknownMember(TypeElement type, String soFar, String name) {
    Set<String> members = memberNames(type);
    StringBuilder message = new StringBuilder();
    message
        .append('\'')
        .append(soFar)
        .append("' is a ")
        .append(type.getSimpleName())
        .append(", which has no record component, getter or field '")
        .append(name)
        .append('\'');
    Optional<String> suggestion = EditDistance.closest(name, members);
    if (suggestion.isPresent()) {
      message.append(". Did you mean '").append(suggestion.get()).append("'?");
    }
    if (members.isEmpty()) {
      message.append("; it has no readable members, end the path at '").append(soFar).append('\'');
    } else {
      message.append(" (it has: ").append(String.join(", ", members)).append(')');
    }
    return message.toString();
  }

  /** Names a path could use on {@code type}: components, getter properties and fields. */
  private Set<String> memberNames(TypeElement type) {
    Set<String> names = new LinkedHashSet<>();
    for (RecordComponentElement component : type.getRecordComponents()) {
      names.add(component.getSimpleName().toString());
    }
    for (Element member : elements.getAllMembers(type)) {
      if (member instanceof ExecutableElement method
          && isGetter(method)
          && !OBJECT_METHODS.contains(method.getSimpleName().toString())
          && accessibility.memberProblem(method).isEmpty()) {
        names.add(propertyName(method.getSimpleName().toString()));
      } else if (member.getKind() == ElementKind.FIELD
          && !member.getModifiers().contains(Modifier.STATIC)
          && accessibility.memberProblem(member).isEmpty()) {
        names.add(member.getSimpleName().toString());
      }
    }
    return names;
  }

  private static String propertyName(String method) {
    for (String prefix : List.of("get", "is")) {
      if (method.length() > prefix.length()
          && method.startsWith(prefix)
          && Character.isUpperCase(method.charAt(prefix.length()))) {
        String rest = method.substring(prefix.length());
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
      }
    }
    return method;
  }

  private static boolean isGetter(ExecutableElement method) {
    return method.getParameters().isEmpty()
        && method.getTypeParameters().isEmpty()
        && method.getReturnType().getKind() != TypeKind.VOID
        && !method.getModifiers().contains(Modifier.STATIC);
  }

  private static boolean isBoolean(TypeMirror type) {
    return type.getKind() == TypeKind.BOOLEAN
        || (type.getKind() == TypeKind.DECLARED
            && ((TypeElement) ((DeclaredType) type).asElement())
                .getQualifiedName()
                .contentEquals("java.lang.Boolean"));
  }

  private static String unknownParameter(
      ExecutableElement method, String root, List<String> names) {
    StringBuilder message = new StringBuilder();
    message
        .append('\'')
        .append(root)
        .append("' is not a parameter of ")
        .append(method.getSimpleName())
        .append('(')
        .append(String.join(", ", names))
        .append(')');
    Optional<String> suggestion = EditDistance.closest(root, names);
    if (suggestion.isPresent()) {
      message.append(". Did you mean '").append(suggestion.get()).append("'?");
    } else if (names.isEmpty()) {
      message.append(", which has no parameters; key on constant text only");
    } else {
      message.append("; use one of: ").append(String.join(", ", names));
    }
    return message.toString();
  }

  private static TypeMirror upperBound(TypeMirror type) {
    if (type instanceof TypeVariable variable) {
      return upperBound(variable.getUpperBound());
    }
    if (type instanceof WildcardType wildcard) {
      return wildcard.getExtendsBound() == null ? type : upperBound(wildcard.getExtendsBound());
    }
    return type;
  }

  private static boolean containsTypeVariable(TypeMirror type) {
    return switch (type.getKind()) {
      case TYPEVAR -> true;
      case ARRAY -> containsTypeVariable(((ArrayType) type).getComponentType());
      case DECLARED -> {
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (containsTypeVariable(argument)) {
            yield true;
          }
        }
        yield false;
      }
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        yield (wildcard.getExtendsBound() != null
                && containsTypeVariable(wildcard.getExtendsBound()))
            || (wildcard.getSuperBound() != null && containsTypeVariable(wildcard.getSuperBound()));
      }
      default -> false;
    };
  }

  private static Resolution failed(FailureKind kind, String message) {
    return new Resolution(null, new Failure(kind, message));
  }
}
