package dev.idempotent4j.runtime;

import dev.idempotent4j.IdempotentTask;
import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.codec.JsonCodec;
import dev.idempotent4j.runtime.codec.JsonReader;
import dev.idempotent4j.runtime.codec.JsonWriter;
import dev.idempotent4j.runtime.micrometer.IdempotencyMetricsBinder;
import dev.idempotent4j.runtime.redis.RedisPing;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.spi.Fingerprinter;
import dev.idempotent4j.runtime.spi.KeyBuilder;
import dev.idempotent4j.runtime.spi.KeyDeriver;
import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.ResultCodec;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.spi.UnkeyableValueException;
import dev.idempotent4j.runtime.spi.Woven;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreOperations;
import dev.idempotent4j.runtime.store.StoreOperations.Page;
import dev.idempotent4j.runtime.store.StoreSettings;
import dev.idempotent4j.runtime.store.StoredFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The examples of this module's javadoc, as code the compiler sees. {@link JavadocExamplesTest}
 * checks that every Java example in a published javadoc comment appears here, line for line (each
 * paragraph of it, in order within the paragraph), so an example that stops compiling fails the
 * build. Never run: the types below are only what the examples need to compile.
 */
@SuppressWarnings({"unused", "serial"})
abstract class JavadocExamples {

  // The domain the examples talk about.
  record Order(Integer id, long amountCents) {}

  record Receipt(String id, long cents) {}

  enum Currency {
    EUR,
    USD
  }

  static final class CardDeclinedException extends RuntimeException {}

  static final class RefundRejectedException extends RuntimeException {}

  interface Gateway {
    Receipt charge(long orderId);

    Receipt charge(Order order, String key, long fence);

    Receipt refund(long orderId);
  }

  interface Message {
    void nack();

    void nack(Duration delay);
  }

  interface Log {
    void info(String format, Object... args);
  }

  Gateway gateway;
  Message message;
  Log log;
  Payments payments;
  Reports reports;
  Order order;
  LocalDate day;
  long orderId;

  void redeliverLater(Message message) {}

  void alert(Exception e) {}

  // Idempotency
  static class IdempotencyExamples extends JavadocExamples {
    void configure() {
      // At start-up, before the first task runs:
      Idempotency.configure(Map.of("prefix", "payments", "redis", "redis://cache:6379"));
    }

    // A task for code that cannot be annotated:
    static final Task REFUND = Idempotency.task("Payments.refund").ttl("7d").build();
    Receipt r = REFUND.run("order-42", () -> gateway.refund(42));

    void oneLine() {
      // Or, with the defaults, in one line:
      Receipt r = Idempotency.run("Payments.refund", "order-42", () -> gateway.refund(42));

      // Counters:
      long charges = Idempotency.metrics().task("Payments.charge").executed();

      Idempotency.configure(Map.of("prefix", "billing", "fail-mode", "open"));
      Receipt receipt = Idempotency.run("Payments.refund", "order-42", () -> gateway.refund(42));
    }
  }

  // IdempotencyContext, KeyDerivationException, KeyReuseException, TaskFailedException
  class Payments {
    @IdempotentTask(key = "charge:{order.id}")
    Receipt charge(Order order) {
      IdempotencyContext ctx = IdempotencyContext.current().orElseThrow();
      return gateway.charge(order, ctx.key(), ctx.fencingToken());
    }
  }

  class FingerprintedPayments {
    @IdempotentTask(
        key = "charge:{order.id}",
        fingerprint = {"order.amountCents"})
    Receipt charge(Order order) {
      return gateway.charge(order.id());
    }

    void twice() {
      charge(new Order(7, 1000));
      charge(new Order(7, 2500)); // KeyReuseException: same order id, another amount
    }
  }

  class UnkeyedPayments {
    @IdempotentTask(key = "charge:{order.id}")
    Receipt charge(Order order) {
      return gateway.charge(order.id());
    }

    void nullId() {
      charge(new Order(null, 100)); // KeyDerivationException: ... 'order.id' is null
    }
  }

  class DeclinedPayments {
    @IdempotentTask(key = "charge:{order.id}", cacheFailures = CardDeclinedException.class)
    Receipt charge(Order order) {
      return gateway.charge(order.id());
    }
    // JVM A: charge(order) throws CardDeclinedException
    // JVM B: charge(order) throws TaskFailedException: ... CardDeclinedException: insufficient
    // funds
  }

  class Reports {
    @IdempotentTask(key = "report:{day}", onInProgress = OnInProgress.THROW)
    String build(LocalDate day) {
      return "report of " + day;
    }
  }

  void context() {
    Receipt receipt = payments.charge(order);
    boolean duplicate =
        IdempotencyContext.lastCall().map(IdempotencyContext::replayed).orElse(false);
  }

  void packageInfo() {
    Idempotency.configure(Map.of("prefix", "billing"));
    Receipt receipt = payments.charge(order); // woven: runs once per order id
    boolean duplicate = IdempotencyContext.lastCall().orElseThrow().replayed();
  }

  // Exceptions
  void exceptions() {
    try {
      payments.charge(order);
    } catch (TaskInProgressException e) {
      redeliverLater(message); // another worker is charging this order right now
    } catch (IdempotencyException e) {
      alert(e); // store down, corrupt record, misconfiguration...
    }

    try {
      payments.charge(order);
    } catch (StoreUnavailableException e) {
      message.nack(); // safe: the charge did not happen
    }

    try {
      reports.build(day);
    } catch (TaskInProgressException e) {
      message.nack(Duration.ofSeconds(5)); // redeliver later, when the first run has finished
    }
  }

  // Metrics
  void metrics() {
    IdempotencyMetrics metrics = Idempotency.metrics();
    metrics.tasks().forEach((name, m) -> System.out.println(name + ": " + m.executed() + " runs"));
    long duplicates = metrics.total().localHits();
  }

  void taskMetrics() {
    TaskMetrics charge = Idempotency.metrics().task("Payments.charge");
    long duplicates = charge.localHits() + charge.sharedHits();
    log.info("charged {} times, {} duplicates", charge.executed(), duplicates);
  }

  // Task, TaskResult
  static class TaskExamples extends JavadocExamples {
    static final Task REFUND =
        Idempotency.task("Payments.refund")
            .ttl("7d")
            .cacheFailures(RefundRejectedException.class)
            .build();

    Receipt receipt = REFUND.run("refund:" + orderId, () -> gateway.refund(orderId));

    static final Task CHARGE = Idempotency.task("Payments.charge").build();

    void skip() {
      Task task =
          Idempotency.task("Mail.welcome")
              .ttl(Duration.ofDays(7))
              .onInProgress(OnInProgress.SKIP)
              .build();
    }

    void result() {
      TaskResult<Receipt> result = CHARGE.execute("order-42", null, () -> gateway.charge(42));
      if (result.replayed()) {
        log.info("order 42 was charged before, attempt {}", result.context().attempt());
      }
      Receipt receipt = result.value();
    }
  }

  // codec
  void codecs(Map<Currency, List<Receipt>> totals, UUID id) {
    // for: Map<Currency, List<Receipt>> totals()
    JsonCodec<Map<Currency, List<Receipt>>> codec =
        Codecs.map(
            Codecs.enumOf(Currency.class, Currency.values()),
            Codecs.list(
                Codecs.<Receipt>record("com.acme.Receipt")
                    .component("id", Codecs.string(), Receipt::id)
                    .component("cents", Codecs.longValue(), Receipt::cents)
                    .build(c -> new Receipt(c.<String>get(0), c.getLong(1)))));
    codec.encode(totals); // {"EUR":[{"id":"r-1","cents":1250}]}
  }

  void jsonCodec(UUID id) {
    JsonCodec<List<UUID>> codec = Codecs.list(Codecs.uuid());
    String json = codec.encode(List.of(id)); // ["0f8fad5b-d9cb-469f-a165-70867728950e"]
    List<UUID> back = codec.decode(json); // immutable
  }

  void jsonReader() {
    String id = null;
    long cents = 0;
    JsonReader in = new JsonReader("{\"id\":\"r-1\",\"cents\":1250}");
    in.beginObject();
    while (in.hasNextField()) {
      switch (in.nextName()) {
        case "id" -> id = in.nextString();
        case "cents" -> cents = in.nextLong(0, Long.MAX_VALUE, "a non-negative integer");
        default -> in.skipValue();
      }
    }
    in.endOfInput();
  }

  void jsonWriter() {
    JsonWriter out = new JsonWriter();
    out.beginObject().name("id").value("r-1").name("cents").value(1250).endObject();
    out.toString(); // {"id":"r-1","cents":1250}
  }

  void keyCodec() {
    Codecs.map(Codecs.enumOf(Currency.class, Currency.values()), Codecs.longValue())
        .encode(Map.of(Currency.EUR, 1250L)); // {"EUR":1250}
  }

  sealed interface Payment permits Card, Transfer {}

  record Card(String last4) implements Payment {}

  record Transfer(String iban) implements Payment {}

  void sealedCodec(JsonCodec<Card> cardCodec, JsonCodec<Transfer> transferCodec) {
    // sealed interface Payment permits Card, Transfer     {"type":"Card","last4":"4242"}
    JsonCodec<Payment> codec =
        Codecs.<Payment>sealed("com.acme.Payment", "type")
            .variant("Card", Card.class, cardCodec)
            .variant("Transfer", Transfer.class, transferCodec)
            .build();
  }

  void recordCodec() {
    // record Receipt(String id, long cents)       {"id":"r-1","cents":1250}
    JsonCodec<Receipt> codec =
        Codecs.<Receipt>record("com.acme.Receipt")
            .component("id", Codecs.string(), Receipt::id)
            .component("cents", Codecs.longValue(), Receipt::cents)
            .build(c -> new Receipt(c.<String>get(0), c.getLong(1)));
  }

  // redis
  void redisSettings(String redisValue, String clusterValue) {
    Duration timeout = Duration.ofSeconds(2);
    RedisSettings single = RedisSettings.redis("rediss://app:secret@cache:6380/2", timeout);
    RedisSettings cluster = RedisSettings.cluster("redis://h1:7000,redis://h2:7001", timeout);
    // empty when neither is set: no shared tier
    Optional<RedisSettings> maybe = RedisSettings.from(redisValue, clusterValue, timeout);
  }

  void redisStore(String key) {
    RedisSettings settings = RedisSettings.redis("redis://localhost:6379", Duration.ofSeconds(2));
    Duration lease = Duration.ofSeconds(30);
    Duration ttl = Duration.ofHours(24);
    try (RedisStore store = RedisStore.connect(settings)) {
      Claim claim = store.claim(new ClaimRequest(key, null, "worker-1", lease, ttl));
      if (claim instanceof Claim.Claimed c) {
        store.complete(key, c.fence(), "{\"id\":42}", ttl);
      }
    }
  }

  // spi
  static class KeyBuilderExample extends JavadocExamples {
    static final KeyBuilder.Escapes ESCAPES = KeyBuilder.Escapes.of(":");
    String key = new KeyBuilder(ESCAPES).literal("charge:").number(order.id()).build();
  }

  static final KeyBuilder.Escapes ESCAPES = KeyBuilderExample.ESCAPES;
  static final String TASK = "Payments.charge";
  static final String TEMPLATE = "charge:{order.id}";

  void keys() {
    Fingerprinter amount =
        args -> new KeyBuilder(ESCAPES).number(((Order) args[0]).amountCents()).build();
    String key = new KeyBuilder(ESCAPES).literal("charge:").number(order.id()).build();
    KeyDeriver charge =
        (head, args) -> {
          Order order = (Order) args[0];
          if (order == null) throw KeyDerivationException.nullOnPath(TASK, TEMPLATE, "order");
          return head + "charge:" + KeyBuilder.number(ESCAPES, order.id());
        };
    charge.derive("i4j:Payments.charge:", new Object[] {order}); // "i4j:Payments.charge:charge:42"
  }

  Object replay(TaskInvoker invoker, Object[] args) {
    Object entered = invoker.enter(args);
    if (entered instanceof Replay replay) return replay.value();
    return null;
  }

  void resultCodec(ResultCodec<Receipt> codec) {
    // codec: the ResultCodec<Receipt> generated for record Receipt(String id, long cents)
    String json = codec.encode(new Receipt("r-1", 1250)); // {"id":"r-1","cents":1250}
    Receipt back = codec.decode(json);
  }

  void returnKind() {
    boolean later = ReturnKind.COMPLETABLE_FUTURE.isAsync(); // true: recorded when it completes
  }

  void taskDefinition(ResultCodec<Receipt> receiptCodec) {
    TaskDefinition charge =
        TaskDefinition.builder("Payments.charge")
            .method("com.acme.Payments.charge(Order)")
            .keyTemplate("charge:{order.id}")
            .keyDeriver((head, args) -> head + "charge:" + ((Order) args[0]).id())
            .ttl(Duration.ofHours(24))
            .returns(ReturnKind.VALUE, null, receiptCodec)
            .build();
  }

  static final ResultCodec<Receipt> receiptCodec = null;

  /** What the processor generates for the class {@code Payments}. */
  static final class Payments_Idempotent4j {
    public static final TaskInvoker charge =
        TaskInvoker.of(
            TaskDefinition.builder("Payments.charge")
                .keyTemplate("charge:{order.id}")
                .keyDeriver((head, args) -> head + "charge:" + ((Order) args[0]).id())
                .localKeys(args -> ((Order) args[0]).id(), (head, id) -> head + "charge:" + id)
                .returns(ReturnKind.VALUE, null, receiptCodec)
                .build());

    public static Object charge$enter(Object order) {
      Object localKey = ((Order) order).id();
      Object hit = charge.localHit(localKey);
      return hit != null ? hit : charge.enter(localKey, new Object[] {order});
    }
  }

  Receipt body(Order order) {
    return gateway.charge(order.id());
  }

  Receipt woven(Order order) throws Throwable {
    // What the woven method does, in Java:
    Object entered = Payments_Idempotent4j.charge$enter(order);
    if (entered instanceof Replay) return (Receipt) ((Replay) entered).value();
    Receipt r = null;
    Throwable t = null;
    try {
      r = body(order);
    } catch (Throwable e) {
      t = e;
    }
    r = (Receipt) TaskInvoker.exit(entered, r, t);
    if (t != null) throw t;
    return r;
  }

  // store
  void run(Fence fence) {}

  void replay(String resultJson) {}

  String run() {
    return "{}";
  }

  void rethrow(StoredFailure failure) {}

  void waitOrThrowOrSkip(Duration timeLeft) {}

  KeyReuseException keyReuse() {
    return new KeyReuseException("another fingerprint");
  }

  void claims(Claim claim) {
    if (claim instanceof Claim.Claimed c) {
      run(c.fence());
    } else if (claim instanceof Claim.Completed c) {
      replay(c.resultJson());
    } else if (claim instanceof Claim.Failed f) {
      rethrow(f.failure());
    } else if (claim instanceof Claim.InProgress p) {
      waitOrThrowOrSkip(p.timeLeft()); // as onInProgress says
    } else if (claim instanceof Claim.KeyReused) {
      throw keyReuse();
    }
  }

  void fence() {
    Fence fence = new Fence(42, 2); // token 42, second attempt
  }

  void sharedStore(
      SharedStore store,
      String key,
      String fingerprint,
      String ownerId,
      Duration lease,
      Duration ttl) {
    Claim claim = store.claim(new ClaimRequest(key, fingerprint, ownerId, lease, ttl));
    if (claim instanceof Claim.Claimed c) {
      String json = run();
      store.complete(key, c.fence(), json, ttl);
    }
  }

  // Idempotency.configure(settings, store), WeavingCheck, RedisStoreFactory
  static void start(SharedStore store) { // e.g. a store over the application's DataSource
    Idempotency.configure(Map.of("prefix", "billing"), store);
  }

  void weavingCheck() {
    List<String> bare = WeavingCheck.unwovenTasks(Thread.currentThread().getContextClassLoader());
  }

  void redisStoreFactory() {
    // -Didempotent4j.redis=redis://cache:6379 selects it; so does:
    Idempotency.configure(Map.of("redis", "redis://cache:6379"));
  }

  // spi: UnkeyableValueException, Woven
  void unkeyable(KeyBuilder.Escapes escapes) {
    try {
      KeyBuilder.number(escapes, BigDecimal.TEN.pow(20_000).add(BigDecimal.ONE));
    } catch (UnkeyableValueException e) {
      // "Cannot key a BigDecimal of ... bits: ..."
    }
  }

  void woven() {
    boolean woven = Payments.class.isAnnotationPresent(Woven.class);
  }

  // store: SharedStoreFactory, StoreSettings
  static final class MemoryStore implements SharedStore {
    MemoryStore(String name) {}

    @Override
    public Claim claim(ClaimRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion release(String key, Fence fence) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<dev.idempotent4j.runtime.store.Lease> renew(
        List<dev.idempotent4j.runtime.store.Lease> leases, Duration lease) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable onChange(String key, Runnable listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  abstract static class StoreFactoryExample {
    public final class MemoryStoreFactory implements SharedStoreFactory {
      public String name() {
        return "memory";
      }

      public List<String> settingNames() {
        return List.of("memory.name");
      }

      public boolean isSelected(StoreSettings settings) {
        return settings.value("memory.name").isPresent();
      }

      public void validate(StoreSettings settings) {}

      public SharedStore open(StoreSettings settings) {
        return new MemoryStore(settings.value("memory.name").orElseThrow());
      }
    }

    abstract SharedStore open(StoreSettings settings);
  }

  void storeSettings(StoreSettings settings) {
    String url = settings.value("jdbc").orElseThrow();
    if (!url.startsWith("jdbc:postgresql:")) {
      throw settings.invalid(
          "jdbc", "it is not a PostgreSQL URL", "Use jdbc:postgresql://host/db.");
    }
  }

  // micrometer: IdempotencyMetricsBinder, package-info
  void metricsBinder(io.micrometer.core.instrument.MeterRegistry registry) {
    // Keep the binder referenced (a field, a bean): like Caffeine's, its counters hold it weakly.
    IdempotencyMetricsBinder binder =
        new IdempotencyMetricsBinder(List.of("Payments.charge"), Tags.empty());
    binder.bindTo(registry);
    IdempotencyObserver.Registration timers = Idempotency.observe(binder); // close() at shutdown
    registry
        .get("idempotent4j.calls")
        .tags("task", "Payments.charge", "outcome", "executed")
        .functionCounter()
        .count();
  }

  // IdempotencyObserver, Idempotency.observe
  void observer() {
    IdempotencyObserver slowCalls =
        new IdempotencyObserver() {
          @Override
          public void executionEnded(
              IdempotencyContext execution, ExecutionOutcome outcome, long nanos) {
            if (nanos > 1_000_000_000L) {
              System.err.println(execution.taskName() + " took " + nanos / 1_000_000 + " ms");
            }
          }
        };
    try (IdempotencyObserver.Registration registration = Idempotency.observe(slowCalls)) {
      Idempotency.run("Reports.build", "2026-12", () -> "built");
    }
  }

  void observe(IdempotencyObserver observer) {
    IdempotencyObserver.Registration registration = Idempotency.observe(observer);
    // ... at shutdown:
    registration.close();
  }

  void micrometerPackage() {
    MeterRegistry registry = new SimpleMeterRegistry();
    IdempotencyMetricsBinder binder = new IdempotencyMetricsBinder();
    binder.bindTo(registry);
    Idempotency.observe(binder);
  }

  // redis: RedisPing
  void redisPing() {
    try (RedisPing ping =
        RedisPing.to(RedisSettings.redis("redis://cache:6379", Duration.ofSeconds(2)))) {
      Duration roundTrip = ping.ping();
    }
  }

  // operations: RecordView, StoreOperations, IdempotencyOperations, Idempotency.operations()
  void recordView(StoreOperations operations, String key) {
    RecordView view = operations.show(key).orElseThrow();
    if (view.stuck()) {
      operations.release(key, false);
    }
  }

  void storeOperations(SharedStore store) {
    StoreOperations operations = store.operations().orElseThrow();
    Page page =
        operations.list("i4j:Payments.charge:", Set.of(RecordView.State.RUNNING), 100, null);
    for (RecordView view : page.records()) {
      if (view.stuck()) {
        operations.release(view.key(), false);
      }
    }
  }

  void idempotencyOperations() {
    IdempotencyOperations operations = Idempotency.operations();
    Optional<RecordView> view = operations.show("Payments.charge", "order-42");
    StoreOperations.Released dry = operations.release("Payments.charge", "order-42", true);
    StoreOperations.Released done = operations.release("Payments.charge", "order-42", false);
  }

  void idempotencyOperationsShow() {
    Optional<RecordView> view = Idempotency.operations().show("Payments.charge", "order-42");
  }
}
