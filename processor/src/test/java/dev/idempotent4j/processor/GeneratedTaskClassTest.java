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
                      .localKeys(args -> chargeLocalKey(args[0]), Payments_Idempotent4j::chargeKeyText)
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
              private static Object chargeLocalKey(Object arg$0) {
                Payments.Order order = (Payments.Order) arg$0;
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
                return List.of(order$id, order$customer$id);
              }

              private static String chargeKeyText(String head, Object localKey) {
                List<?> parts = (List<?>) localKey;
                return head
                    + "charge:"
                    + KeyBuilder.number(CHARGE_KEY_ESCAPES, ((Number) parts.get(0)).longValue())
                    + ":"
                    + KeyBuilder.uuid(CHARGE_KEY_ESCAPES, (UUID) parts.get(1));
              }

              private static String chargeKey(String head, Object[] args) {
                return chargeKeyText(head, chargeLocalKey(args[0]));
              }
            """);
  }

  @Test
  void theEntryPointAnswersALocalHitBeforeItBuildsTheArguments() {
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
              public static Object pair$enter(Object arg$0, Object arg$1) {
                Object localKey;
                try {
                  localKey = pairLocalKey(arg$0, arg$1);
                } catch (RuntimeException e) {
                  throw pair.keyDerivationFailed(e);
                }
                Object hit = pair.localHit(localKey);
                return hit != null ? hit : pair.enter(localKey, new Object[] {arg$0, arg$1});
              }
            """);
    // Primitives stay primitive: the woven method passes them without boxing.
    assertThat(contents("com.acme.Payments_Idempotent4j"))
        .contains("public static Object pair$1$enter(long arg$0) {");
  }

  @Test
  void aTaskWithAFingerprintComparesItOnEveryCall() {
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
                  throw charge.keyDerivationFailed(e);
                }
                return charge.enter(localKey, new Object[] {arg$0});
              }
            """);
  }

  @Test
  void localKeysHoldValuesWhoseEqualsAgreesWithTheirTextAndTheTextOfOthers() {
    // boolean, Integer and char as they are; a double by its text (-0.0 and 0.0 share one).
    assertThat(compilation)
        .generatedSourceFile("com.acme.Payments_Idempotent4j")
        .contentsAsUtf8String()
        .contains(
            """
                return List.of(customer$vip, count, KeyBuilder.number(FLAGS_KEY_ESCAPES, ratio), letter, currency);
            """);
    // LocalDate, Instant and Duration as they are; a ZoneOffset by its text.
    assertThat(contents("com.acme.Payments_Idempotent4j"))
        .contains(
            "return List.of(day, at, window, KeyBuilder.temporal(SCHEDULE_KEY_ESCAPES, zone));");
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
                    + KeyBuilder.bool(FLAGS_KEY_ESCAPES, ((Boolean) parts.get(0)).booleanValue())
                    + "-"
                    + KeyBuilder.number(FLAGS_KEY_ESCAPES, ((Number) parts.get(1)).longValue())
                    + "-"
                    + (String) parts.get(2)
                    + "-"
                    + KeyBuilder.character(FLAGS_KEY_ESCAPES, ((Character) parts.get(3)).charValue())
                    + "-"
                    + KeyBuilder.enumName(FLAGS_KEY_ESCAPES, (Enum<?>) parts.get(4));
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
