package dev.idempotent4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Paths through generic types, and tasks whose types another processor generates later. */
class GenericsAndRoundsTest {

  private static final JavaFileObject ORDER =
      TaskCompiler.source("com.acme.Order", "package com.acme; public record Order(long id) {}");

  @Test
  void pathsThroughGenericsAndTypeVariablesCompileAndDerive() {
    JavaFileObject box =
        TaskCompiler.source("com.acme.Box", "package com.acme; public record Box<T>(T value) {}");
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(key = "box:{box.value.id}")
        void boxed(Box<Order> box) {}

        @IdempotentTask(key = "wild:{box.value.id}")
        void wildcard(Box<? extends Order> box) {}

        @IdempotentTask(key = "bound:{order.id}")
        <T extends Order> void bounded(T order) {}

        @IdempotentTask(key = "list:{orders.empty}")
        void list(List<Order> orders) {}
        """);
    Compilation compilation = TaskCompiler.compile(ORDER, box, source);
    assertThat(compilation).succeededWithoutWarnings();

    ClassLoader loader = TaskCompiler.load(compilation);
    Object order = TaskCompiler.instance(loader, "com.acme.Order", 7L);
    Object boxed = TaskCompiler.instance(loader, "com.acme.Box", order);
    String generated = "com.acme.Payments_Idempotent4j";
    assertThat(
            TaskCompiler.definition(loader, generated, "boxed")
                .keyDeriver()
                .derive("", new Object[] {boxed}))
        .isEqualTo("box:7");
    assertThat(
            TaskCompiler.definition(loader, generated, "wildcard")
                .keyDeriver()
                .derive("", new Object[] {boxed}))
        .isEqualTo("wild:7");
    assertThat(
            TaskCompiler.definition(loader, generated, "bounded")
                .keyDeriver()
                .derive("", new Object[] {order}))
        .isEqualTo("bound:7");
    assertThat(
            TaskCompiler.definition(loader, generated, "list")
                .keyDeriver()
                .derive("", new Object[] {java.util.List.of()}))
        .isEqualTo("list:true");
  }

  @Test
  void parametersNamedLikeTheDerivationMethodsOwnDoNotClash() {
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(key = "h:{head}:{args}:{fingerprint}", fingerprint = {"head", "args"})
        void clash(String head, long args, String fingerprint) {}
        """);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation).succeededWithoutWarnings();

    TaskDefinition clash =
        TaskCompiler.definition(
            TaskCompiler.load(compilation), "com.acme.Payments_Idempotent4j", "clash");
    Object[] args = {"a", 2L, "c"};
    assertThat(clash.keyDeriver().derive("i4j:Payments.clash:", args))
        .isEqualTo("i4j:Payments.clash:h:a:2:c");
    assertThat(clash.fingerprinter().fingerprint(args)).isEqualTo("a,2");
  }

  @Test
  void taskWhoseParameterTypeIsGeneratedInALaterRoundIsDeferred() {
    JavaFileObject source =
        TaskCompiler.source(
            "com.acme.Payments",
            """
        package com.acme;

        import dev.idempotent4j.IdempotentTask;

        public class Payments {
          @IdempotentTask(key = "charge:{order.id}")
          void charge(Order order) {}
        }
        """);
    Compilation compilation =
        TaskCompiler.javacWith(new IdempotentTaskProcessor(), new OrderGenerator()).compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains("long order$id = order.id();");
  }

  /** Writes {@code com.acme.Order} in the first round, as code generators such as Immutables do. */
  private static final class OrderGenerator extends AbstractProcessor {
    private boolean done;

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
      if (done) {
        return false;
      }
      done = true;
      try (Writer writer =
          processingEnv.getFiler().createSourceFile("com.acme.Order").openWriter()) {
        writer.write("package com.acme; public record Order(long id) {}");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return false;
    }
  }
}
