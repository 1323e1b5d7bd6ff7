package dev.idempotent4j.processor.check;

import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.processor.codec.CodecGenerator;
import dev.idempotent4j.processor.codec.CodecPlan;
import dev.idempotent4j.processor.diagnostic.Problem;
import dev.idempotent4j.processor.lang.Methods;
import dev.idempotent4j.processor.lang.UnstorableTypes;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The result can be stored and handed to duplicates: the return type (or a future's value type) is
 * not a handle or a lazy view, and the codec planner has a codec for it. Records how the task
 * returns ({@code ReturnKind}), what a skipped call returns, and the codec expression.
 */
final class ReturnTypeCheck implements TaskCheck {

  private final CodecGenerator codecs;
  private final UnstorableTypes unstorable;

  ReturnTypeCheck(CodecGenerator codecs, UnstorableTypes unstorable) {
    this.codecs = codecs;
    this.unstorable = unstorable;
  }

  @Override
  public void check(CheckedTask task, TaskDraft draft) {
    TypeMirror returnType = task.method().getReturnType();
    draft.returnKind = returnKind(returnType);
    draft.skipValue = skipValue(returnType);
    TypeMirror valueType = valueType(task.elements(), returnType, draft.returnKind);
    Optional<String> family = unstorable.familyOf(valueType).map(UnstorableTypes.Family::noun);
    if (family.isPresent()) {
      task.error(
          Problem.RETURN_UNSTORABLE,
          null,
          Methods.display(task.method()),
          Methods.simpleType(valueType),
          family.get());
      return;
    }
    if (valueType.getKind() == TypeKind.ERROR) {
      return; // javac reports the unknown type itself
    }
    String generatedPackage =
        task.elements().getPackageOf(task.declaringType()).getQualifiedName().toString();
    CodecPlan plan = codecs.plan(valueType, generatedPackage);
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

  /** What a skipped call returns: the return type's default value, as Java source. */
  private static String skipValue(TypeMirror returnType) {
    return switch (returnType.getKind()) {
      case BOOLEAN -> "false";
      case BYTE -> "(byte) 0";
      case SHORT -> "(short) 0";
      case INT -> "0";
      case LONG -> "0L";
      case FLOAT -> "0.0f";
      case DOUBLE -> "0.0d";
      case CHAR -> "'\\0'";
      default -> "null";
    };
  }
}
