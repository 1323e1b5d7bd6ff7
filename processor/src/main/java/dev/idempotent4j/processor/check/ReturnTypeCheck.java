package dev.idempotent4j.processor.check;

import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.codec.CodecGenerator;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Methods;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The result can be stored and handed to duplicates: the return type (or a future's value type) is
 * not a handle or a lazy view, and the codec planner has a codec for it. Records how the task
 * returns ({@code ReturnKind}), what a skipped call returns, and the codec expression.
 */
final class ReturnTypeCheck implements TaskCheck {

  /** Value types that are handles or lazy views, never data: checked before the codec. */
  private static final List<Map.Entry<String, String>> UNSTORABLE =
      List.of(
          Map.entry("java.util.stream.BaseStream", "a stream"),
          Map.entry("java.util.Iterator", "an iterator"),
          Map.entry("java.util.Spliterator", "a spliterator"),
          Map.entry("java.io.InputStream", "an I/O stream"),
          Map.entry("java.io.OutputStream", "an I/O stream"),
          Map.entry("java.io.Reader", "a reader"),
          Map.entry("java.io.Writer", "a writer"),
          Map.entry("java.nio.channels.Channel", "a channel"),
          Map.entry("java.net.Socket", "a socket"),
          Map.entry("java.net.ServerSocket", "a socket"),
          Map.entry("java.sql.Connection", "a JDBC connection"),
          Map.entry("java.sql.Statement", "a JDBC statement"),
          Map.entry("java.sql.ResultSet", "a JDBC result set"),
          Map.entry("java.lang.AutoCloseable", "a resource (AutoCloseable)"));

  private final CodecGenerator codecs;

  ReturnTypeCheck(CodecGenerator codecs) {
    this.codecs = codecs;
  }

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    TypeMirror returnType = task.method().getReturnType();
    draft.returnKind = returnKind(returnType);
    draft.skipValue = skipValue(returnType);
    TypeMirror valueType = valueType(task.elements(), returnType, draft.returnKind);
    Optional<String> unstorable = unstorable(task.elements(), task.types(), valueType);
    if (unstorable.isPresent()) {
      task.error(
          Problem.RETURN_UNSTORABLE,
          null,
          Methods.display(task.method()),
          Methods.simpleType(valueType),
          unstorable.get());
      return;
    }
    if (valueType.getKind() == TypeKind.ERROR) {
      return; // javac reports the unknown type itself
    }
    String generatedPackage =
        task.elements().getPackageOf(task.declaringType()).getQualifiedName().toString();
    CodecGenerator.CodecPlan plan = codecs.plan(valueType, generatedPackage);
    if (plan.unsupportedReason().isPresent()) {
      task.error(
          Problem.RETURN_CODEC,
          null,
          Methods.display(task.method()),
          Problem.sentence(plan.unsupportedReason().get()));
    } else {
      draft.codec = plan.expression().orElseThrow();
    }
  }

  private static String returnKind(TypeMirror returnType) {
    if (returnType.getKind() == TypeKind.VOID) {
      return RuntimeNames.RETURN_KIND_VOID;
    }
    if (returnType.getKind() == TypeKind.DECLARED) {
      return RuntimeNames.returnKind(
          ((TypeElement) ((DeclaredType) returnType).asElement()).getQualifiedName().toString());
    }
    return RuntimeNames.RETURN_KIND_VALUE;
  }

  /** The type the codec stores: the return type, or the future's value type. */
  private static TypeMirror valueType(Elements elements, TypeMirror returnType, String kind) {
    if (kind.equals(RuntimeNames.RETURN_KIND_COMPLETABLE_FUTURE)
        || kind.equals(RuntimeNames.RETURN_KIND_COMPLETION_STAGE)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) returnType).getTypeArguments();
      return arguments.isEmpty()
          ? elements.getTypeElement("java.lang.Object").asType()
          : arguments.get(0);
    }
    return returnType;
  }

  private static Optional<String> unstorable(Elements elements, Types types, TypeMirror value) {
    if (value.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeMirror erased = types.erasure(value);
    for (Map.Entry<String, String> entry : UNSTORABLE) {
      TypeElement family = elements.getTypeElement(entry.getKey());
      if (family != null && types.isSubtype(erased, types.erasure(family.asType()))) {
        return Optional.of(entry.getValue());
      }
    }
    TypeElement iterable = elements.getTypeElement("java.lang.Iterable");
    TypeElement collection = elements.getTypeElement("java.util.Collection");
    if (types.isSubtype(erased, types.erasure(iterable.asType()))
        && !types.isSubtype(erased, types.erasure(collection.asType()))) {
      return Optional.of("an Iterable that is not a Collection (possibly lazy or single-use)");
    }
    return Optional.empty();
  }

  /** What a skipped call returns: the return type's default value, as Java source. */
  private static String skipValue(TypeMirror returnType) {
    switch (returnType.getKind()) {
      case BOOLEAN:
        return "false";
      case BYTE:
        return "(byte) 0";
      case SHORT:
        return "(short) 0";
      case INT:
        return "0";
      case LONG:
        return "0L";
      case FLOAT:
        return "0.0f";
      case DOUBLE:
        return "0.0d";
      case CHAR:
        return "'\\0'";
      default:
        return "null";
    }
  }
}
