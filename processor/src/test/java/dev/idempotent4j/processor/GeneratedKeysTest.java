package dev.idempotent4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.KeyDerivationException;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated key derivers and fingerprint functions: the compiled fixture is loaded in a
 * class loader over the runtime, and real arguments go through {@code TaskDefinition}.
 */
class GeneratedKeysTest {

  private static final String GENERATED = "com.acme.Payments_Idempotent4j";
  private static final UUID CUSTOMER_ID = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

  private static ClassLoader loader;

  @BeforeAll
  static void compileAndLoad() {
    Compilation compilation = TaskCompiler.compile(Fixtures.PAYMENTS);
    assertThat(compilation).succeeded();
    loader = TaskCompiler.load(compilation);
  }

  @Test
  void separatorsInsideValuesNeverCollide() {
    TaskDefinition pair = TaskCompiler.definition(loader, GENERATED, "pair");
    String first = pair.keyDeriver().derive("", new Object[] {"x:y", "z"});
    String second = pair.keyDeriver().derive("", new Object[] {"x", "y:z"});
    assertThat(first).isEqualTo("x%3Ay:z");
    assertThat(second).isEqualTo("x:y%3Az");
    assertThat(pair.keyDeriver().derive("", new Object[] {"100%", ""})).isEqualTo("100%25:");
  }

  @Test
  void recordComponentsGettersAndUuidsGiveCanonicalText() {
    TaskDefinition charge = TaskCompiler.definition(loader, GENERATED, "charge");
    Object order = order(42L, customer(CUSTOMER_ID, "ann@example.com"), "1E+3", 0);
    assertThat(charge.keyDeriver().derive("i4j:payments.charge:", new Object[] {order}))
        .isEqualTo("i4j:payments.charge:charge:42:123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void fingerprintJoinsPathsWithCommasAndWritesBigDecimalPlain() {
    TaskDefinition charge = TaskCompiler.definition(loader, GENERATED, "charge");
    Object order = order(42L, customer(CUSTOMER_ID, "ann,bob@example.com"), "1E+3", 0);
    assertThat(charge.fingerprinter().fingerprint(new Object[] {order}))
        .isEqualTo("1000,EUR,ann%2Cbob@example.com");
  }

  @Test
  void fingerprintWritesNullsDistinctly() {
    TaskDefinition charge = TaskCompiler.definition(loader, GENERATED, "charge");
    Object withNullEmail = order(42L, customer(CUSTOMER_ID, null), "5", 1);
    assertThat(charge.fingerprinter().fingerprint(new Object[] {withNullEmail}))
        .isEqualTo("5,USD,%null");
    Object literalNull = order(42L, customer(CUSTOMER_ID, "%null"), "5", 1);
    assertThat(charge.fingerprinter().fingerprint(new Object[] {literalNull}))
        .isEqualTo("5,USD,%25null");
    assertThat(charge.fingerprinter().fingerprint(new Object[] {null}))
        .isEqualTo("%null,%null,%null");
  }

  @Test
  void nullOnTheKeyPathFailsNamingThePath() {
    TaskDefinition charge = TaskCompiler.definition(loader, GENERATED, "charge");
    Object noCustomer = order(42L, null, "1", 0);
    assertThatThrownBy(() -> charge.keyDeriver().derive("", new Object[] {noCustomer}))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("'payments.charge'")
        .hasMessageContaining("'order.customer' is null");
    assertThatThrownBy(() -> charge.keyDeriver().derive("", new Object[] {null}))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("'order' is null");
    Object noCustomerId = order(42L, customer(null, "a"), "1", 0);
    assertThatThrownBy(() -> charge.keyDeriver().derive("", new Object[] {noCustomerId}))
        .hasMessageContaining("'order.customer.id' is null");
  }

  @Test
  void javaTimeValuesAreWrittenInIsoFormAndSeparatorsEscaped() {
    TaskDefinition schedule = TaskCompiler.definition(loader, GENERATED, "schedule");
    String key =
        schedule
            .keyDeriver()
            .derive(
                "",
                new Object[] {
                  LocalDate.of(2024, 2, 29), Instant.parse("2024-01-01T10:00:00Z"),
                  Duration.ofMinutes(90), ZoneOffset.ofHours(2)
                });
    assertThat(key).isEqualTo("day/2024-02-29/2024-01-01T10:00:00Z/PT1H30M/+02:00");
    assertThat(schedule.returnKind()).isEqualTo(ReturnKind.COMPLETABLE_FUTURE);
    assertThat(schedule.onInProgress()).isEqualTo(OnInProgress.SKIP);
  }

  @Test
  void booleansBoxesDoublesCharsAndEnums() throws Exception {
    TaskDefinition flags = TaskCompiler.definition(loader, GENERATED, "flags");
    Object usd = currency(1);
    String key =
        flags
            .keyDeriver()
            .derive("", new Object[] {customer(CUSTOMER_ID, "a"), -7, 0.1d, '-', usd});
    // '-' is the template's separator, so '-' inside values is escaped.
    assertThat(key).isEqualTo("flags-true-%2D7-0.1-%2D-USD");
    assertThatThrownBy(
            () ->
                flags
                    .keyDeriver()
                    .derive("", new Object[] {customer(CUSTOMER_ID, "a"), null, 0.1d, 'x', usd}))
        .isInstanceOf(KeyDerivationException.class)
        .hasMessageContaining("'count' is null");
    assertThat(flags.skipValue()).isEqualTo(0);
  }

  @Test
  void definitionsCarryTheAttributes() {
    TaskDefinition charge = TaskCompiler.definition(loader, GENERATED, "charge");
    assertThat(charge.name()).isEqualTo("payments.charge");
    assertThat(charge.method()).isEqualTo("com.acme.Payments.charge(Order)");
    assertThat(charge.ttl()).isEqualTo(Duration.ofDays(7));
    assertThat(charge.lease()).isEqualTo(Duration.ofMinutes(1));
    assertThat(charge.waitTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(charge.onInProgress()).isEqualTo(OnInProgress.THROW);
    assertThat(charge.cacheFailures())
        .extracting(Class::getName)
        .containsExactly("com.acme.Payments$CardDeclined");
    TaskDefinition byId = TaskCompiler.definition(loader, GENERATED, "pair$1");
    assertThat(byId.keyDeriver().derive("", new Object[] {-5L})).isEqualTo("pair-%2D5");
    assertThat(byId.skipValue()).isEqualTo(false);
    TaskDefinition refund =
        TaskCompiler.definition(loader, "com.acme.Payments_Refunds_Idempotent4j", "refund");
    assertThat(refund.keyDeriver().derive("", new Object[] {order(1L, null, "12.50", 0)}))
        .isEqualTo("refund:12.50");
  }

  private static Object order(long id, Object customer, String amount, int currency) {
    Object money =
        TaskCompiler.instance(
            loader, "com.acme.Payments$Money", new BigDecimal(amount), currency(currency));
    return TaskCompiler.instance(loader, "com.acme.Payments$Order", id, customer, money);
  }

  private static Object customer(UUID id, String email) {
    return TaskCompiler.instance(loader, "com.acme.Payments$Customer", id, email, true);
  }

  private static Object currency(int ordinal) {
    try {
      return loader.loadClass("com.acme.Payments$Currency").getEnumConstants()[ordinal];
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
