package dev.idempotent4j.processor.sideeffect;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.idempotent4j.processor.sideeffect.SideEffectSources.source;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Build tools wrap javac's processing environment (Gradle's incremental processing does); the check
 * looks through such a wrapper, and on a compiler it cannot reach it prints one note.
 */
class WrappedEnvironmentTest {

  private static final JavaFileObject SHOP =
      source(
          "Shop",
          """
      package test;

      class Shop {
        void order(Mailer mailer) {
          mailer.send("ann@example.com");
        }
      }
      """);

  @Test
  void looksThroughAWrapperThatHoldsJavacsEnvironment() {
    Compilation compilation = compileWith(env -> new DelegatingEnvironment(env, env));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Shop.order(Mailer) calls Mailer.send(String)")
        .inFile(SHOP)
        .onLineContaining("mailer.send(");
  }

  @Test
  void notOnAnEnvironmentItCannotReachPrintsOneNoteAndSkips() {
    Compilation compilation = compileWith(env -> new DelegatingEnvironment(env, null));

    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadNoteContaining(
            "[i4j-side-effect-check-skipped] the unkeyed-side-effect check needs"
                + " javac's tree API (com.sun.source) and is skipped on this compiler ("
                + DelegatingEnvironment.class.getName()
                + ")");
  }

  private static Compilation compileWith(
      Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
    return TaskCompiler.javacWith(new CheckerOnlyProcessor(wrap))
        .compile(SideEffectSources.MAILER, SHOP);
  }

  /** Installs only the checker, on a wrapped environment, as a build tool would hand it over. */
  private static final class CheckerOnlyProcessor extends AbstractProcessor {
    private final Function<ProcessingEnvironment, ProcessingEnvironment> wrap;

    CheckerOnlyProcessor(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      new SideEffectChecker(wrap.apply(env)).install();
    }

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
      return false;
    }
  }

  /**
   * Forwards every call to {@code calls}; {@code held} is what a reflective look finds in its field
   * (javac's environment, or nothing, like a compiler the check cannot reach).
   */
  private static final class DelegatingEnvironment implements ProcessingEnvironment {
    private final ProcessingEnvironment held;
    private final Object calls;

    DelegatingEnvironment(ProcessingEnvironment calls, ProcessingEnvironment held) {
      this.calls = calls;
      this.held = held;
    }

    private ProcessingEnvironment target() {
      return (ProcessingEnvironment) calls;
    }

    @Override
    public Map<String, String> getOptions() {
      return target().getOptions();
    }

    @Override
    public Messager getMessager() {
      return target().getMessager();
    }

    @Override
    public Filer getFiler() {
      return target().getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return target().getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return target().getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return target().getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return target().getLocale();
    }

    @Override
    public String toString() {
      return "wrapper holding " + held;
    }
  }
}
