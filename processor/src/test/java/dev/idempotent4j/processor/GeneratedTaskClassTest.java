package dev.idempotent4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.common.truth.Correspondence;
import com.google.testing.compile.Compilation;
import dev.idempotent4j.contract.TaskIndexFormat;
import java.lang.reflect.Method;
import java.util.List;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** A class using every attribute compiles clean; its generated code and index are pinned. */
class GeneratedTaskClassTest {

  private final Compilation compilation = TaskCompiler.compile(Fixtures.PAYMENTS);

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void generatesOneClassPerClassWithTasks() {
    assertThat(compilation).generatedSourceFile("com.acme.Payments_Idempotent4j");
    assertThat(compilation).generatedSourceFile("com.acme.Payments_Refunds_Idempotent4j");
  }

  @Test
  void generatedTaskDefinitionCarriesEveryAttribute() {
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
              public static final TaskInvoker charge = TaskInvoker.of(
                  TaskDefinition.builder("payments.charge")
                      .method("com.acme.Payments.charge(Order)")
                      .keyTemplate("charge:{order.id}:{order.customer.id}")
                      .keyDeriver(Payments_Idempotent4j::chargeKey)
                      .fingerprinter(Payments_Idempotent4j::chargeFingerprint)
                      .ttl(Duration.parse("PT168H"))
                      .lease(Duration.parse("PT1M"))
                      .waitTimeout(Duration.parse("PT5S"))
                      .maxRunTime(Duration.parse("PT2H"))
                      .onInProgress(OnInProgress.THROW)
                      .cacheFailures(List.of(Payments.CardDeclined.class))
            """);
  }

  @Test
  void aDefaultMaxRunTimeLeavesTheEngineSettingInCharge() {
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Refunds_Idempotent4j")
        .contentsAsUtf8String()
        .doesNotContain(".maxRunTime(");
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
                      .waitTimeout(Duration.parse("PT30S"))
                      .onInProgress(OnInProgress.WAIT)
            """);
  }

  @Test
  void keyDeriverIsPlainJavaWithNullChecksPerStep() {
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
              private static String chargeKey(String head, Object[] args) {
                Payments.Order order = (Payments.Order) args[0];
                if (order == null) {
                  throw KeyDerivationException.nullOnPath("payments.charge", "charge:{order.id}:{order.customer.id}", "order");
                }
                long order$id = order.id();
                Payments.Customer order$customer = order.customer();
                if (order$customer == null) {
                  throw KeyDerivationException.nullOnPath("payments.charge", "charge:{order.id}:{order.customer.id}", "order.customer");
                }
                UUID order$customer$id = order$customer.getId();
                if (order$customer$id == null) {
                  throw KeyDerivationException.nullOnPath("payments.charge", "charge:{order.id}:{order.customer.id}", "order.customer.id");
                }
                return head
                    + "charge:"
                    + KeyBuilder.number(CHARGE_KEY_ESCAPES, order$id)
                    + ":"
                    + KeyBuilder.uuid(CHARGE_KEY_ESCAPES, order$customer$id);
              }
            """);
  }

  @Test
  void primitivesAndBoxesUseTheirOwnBuilderMethods() {
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
                return head
                    + "flags-"
                    + KeyBuilder.bool(FLAGS_KEY_ESCAPES, customer$vip)
                    + "-"
                    + KeyBuilder.number(FLAGS_KEY_ESCAPES, count.longValue())
                    + "-"
                    + KeyBuilder.number(FLAGS_KEY_ESCAPES, ratio)
                    + "-"
                    + KeyBuilder.character(FLAGS_KEY_ESCAPES, letter)
                    + "-"
                    + KeyBuilder.enumName(FLAGS_KEY_ESCAPES, currency);
            """);
  }

  @Test
  void overloadsGetNumberedFieldsAndPrimitiveSkipValues() {
    String source = contents("com.acme.Payments_Idempotent4j");
    assertThat(source).contains("public static final TaskInvoker pair = ");
    assertThat(source).contains("public static final TaskInvoker pair$1 = ");
    assertThat(source).contains(".returns(ReturnKind.VALUE, false, ");
    assertThat(source).contains(".returns(ReturnKind.VALUE, 0, ");
    assertThat(source).contains(".returns(ReturnKind.VOID, null, ");
    assertThat(source).contains(".returns(ReturnKind.COMPLETABLE_FUTURE, null, ");
    assertThat(source).contains("KeyBuilder.Escapes.of(\"/\")");
  }

  @Test
  void writesTheTaskIndexSortedWithDescriptors() {
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/idempotent4j/tasks")
        .contentsAsUtf8String()
        .isEqualTo(
            """
            # idempotent4j task index v1
            com.acme.Payments charge (Lcom/acme/Payments$Order;)Ljava/lang/String; \
            com.acme.Payments_Idempotent4j charge
            com.acme.Payments flags \
            (Lcom/acme/Payments$Customer;Ljava/lang/Integer;DCLcom/acme/Payments$Currency;)I \
            com.acme.Payments_Idempotent4j flags
            com.acme.Payments pair (J)Z com.acme.Payments_Idempotent4j pair$1
            com.acme.Payments pair (Ljava/lang/String;Ljava/lang/String;)V \
            com.acme.Payments_Idempotent4j pair
            com.acme.Payments schedule \
            (Ljava/time/LocalDate;Ljava/time/Instant;Ljava/time/Duration;Ljava/time/ZoneOffset;)\
            Ljava/util/concurrent/CompletableFuture; com.acme.Payments_Idempotent4j schedule
            com.acme.Payments$Refunds refund (Lcom/acme/Payments$Order;)V \
            com.acme.Payments_Refunds_Idempotent4j refund
            """);
  }

  /** What the agent does with each line of the index, read with the format it shares. */
  @Test
  void everyIndexLineReadsBackAndNamesAGeneratedInvoker() throws Exception {
    List<String> lines =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, TaskIndexFormat.RESOURCE)
            .orElseThrow()
            .getCharContent(true)
            .toString()
            .lines()
            .toList();
    ClassLoader loader = TaskCompiler.load(compilation);

    assertThat(lines.get(0)).isEqualTo(TaskIndexFormat.HEADER);
    for (String line : lines.subList(1, lines.size())) {
      List<String> fields = List.of(line.split(TaskIndexFormat.SEPARATOR, -1));
      assertThat(TaskCompiler.definition(loader, fields.get(3), fields.get(4))).isNotNull();
      assertThat(loader.loadClass(fields.get(0)).getDeclaredMethods())
          .asList()
          .comparingElementsUsing(
              Correspondence.<Method, String>transforming(Method::getName, "has the name"))
          .contains(fields.get(1));
    }
  }

  @Test
  void compilationWithoutTasksWritesNoIndexAndNoClass() {
    Compilation plain =
        TaskCompiler.compile(
            TaskCompiler.source(
                "com.acme.Plain", "package com.acme; public class Plain { void run() {} }"));
    assertThat(plain).succeededWithoutWarnings();
    assertThat(plain.generatedFile(StandardLocation.CLASS_OUTPUT, "META-INF/idempotent4j/tasks"))
        .isEmpty();
    assertThat(plain.generatedSourceFiles()).isEmpty();
  }

  private String contents(String generatedClass) {
    try {
      return compilation
          .generatedSourceFile(generatedClass)
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
