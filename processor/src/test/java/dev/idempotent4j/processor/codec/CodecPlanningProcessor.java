package dev.idempotent4j.processor.codec;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.idempotent4j.contract.RuntimeNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Test-only processor: for every method of a class whose name ends in {@code Results}, plans the
 * codec of its return type and generates {@code <Class>_Codecs} with one {@code ResultCodec}
 * constant per method, named after it; reports each unsupported reason as an error on the method.
 * This places the expressions exactly as the task generator does: in a class of the task's package.
 */
final class CodecPlanningProcessor extends AbstractProcessor {

  private static final ClassName RESULT_CODEC = ClassName.bestGuess(RuntimeNames.RESULT_CODEC);

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    CodecGenerator generator = new CodecGenerator(processingEnv);
    for (Element root : round.getRootElements()) {
      if (root.getKind() != ElementKind.CLASS
          || !root.getSimpleName().toString().endsWith("Results")) {
        continue;
      }
      TypeElement type = (TypeElement) root;
      String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
      TypeSpec.Builder codecs =
          TypeSpec.classBuilder(type.getSimpleName() + "_Codecs")
              .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
              .addOriginatingElement(type);
      for (Element member : type.getEnclosedElements()) {
        if (member.getKind() != ElementKind.METHOD) {
          continue;
        }
        ExecutableElement method = (ExecutableElement) member;
        CodecPlan plan = generator.plan(method.getReturnType(), pkg);
        if (plan.unsupportedReason().isPresent()) {
          processingEnv
              .getMessager()
              .printMessage(Diagnostic.Kind.ERROR, plan.unsupportedReason().get(), method);
          continue;
        }
        codecs.addField(
            FieldSpec.builder(
                    ParameterizedTypeName.get(RESULT_CODEC, boxed(method.getReturnType())),
                    method.getSimpleName().toString(),
                    Modifier.PUBLIC,
                    Modifier.STATIC,
                    Modifier.FINAL)
                .initializer(plan.expression().orElseThrow())
                .build());
      }
      try {
        JavaFile.builder(pkg, codecs.build()).build().writeTo(processingEnv.getFiler());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }

  private TypeName boxed(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID) {
      return ClassName.get(Void.class);
    }
    return TypeName.get(type).box();
  }
}
