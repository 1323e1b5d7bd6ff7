package dev.idempotent4j.processor;

import com.google.auto.service.AutoService;
import dev.idempotent4j.processor.codec.CodecGenerator;
import dev.idempotent4j.processor.sideeffect.SideEffectChecker;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Checks {@code @IdempotentTask} methods and generates their key derivers, fingerprints, codecs and
 * the task index.
 *
 * <p>SKELETON: the pipeline (validate, generate, index at processingOver) is owned by the processor
 * work; the side-effect check and the codec planner plug in through their seams.
 */
@AutoService(Processor.class)
public final class IdempotentTaskProcessor extends AbstractProcessor {

  private CodecGenerator codecs;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    codecs = new CodecGenerator(processingEnv);
    new SideEffectChecker(processingEnv).install();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return SideEffectChecker.supportedOptions();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return false;
  }
}
