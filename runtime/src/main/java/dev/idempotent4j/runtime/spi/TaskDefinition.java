package dev.idempotent4j.runtime.spi;

import dev.idempotent4j.Durations;
import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.contract.TaskNameSyntax;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the runtime needs to know about one task, fixed at compile time. The processor
 * generates one per {@code @IdempotentTask} method as a constant; {@code Idempotency.run(...)}
 * builds them for code that cannot be annotated.
 *
 * <pre>{@code
 * TaskDefinition charge = TaskDefinition.builder("Payments.charge")
 *     .method("com.acme.Payments.charge(Order)")
 *     .keyTemplate("charge:{order.id}")
 *     .keyDeriver((head, args) -> head + "charge:" + ((Order) args[0]).id())
 *     .ttl(Duration.ofHours(24))
 *     .returns(ReturnKind.VALUE, null, receiptCodec)
 *     .build();
 * }</pre>
 */
public final class TaskDefinition {

  private final String name;
  private final String method;
  private final String keyTemplate;
  private final KeyDeriver keyDeriver;
  private final LocalKeyDeriver localKeyDeriver;
  private final LocalKeyDeriver.Text localKeyText;
  private final Fingerprinter fingerprinter;
  private final Duration ttl;
  private final Duration lease;
  private final Duration waitTimeout;
  private final Duration maxRunTime;
  private final OnInProgress onInProgress;
  private final List<Class<? extends Throwable>> cacheFailures;
  private final ReturnKind returnKind;
  private final Object skipValue;
  private final ResultCodec<?> codec;

  private TaskDefinition(Builder b) {
    this.name = b.name;
    this.method = b.method == null ? b.name : b.method;
    this.keyTemplate = Objects.requireNonNull(b.keyTemplate, "keyTemplate");
    this.keyDeriver = Objects.requireNonNull(b.keyDeriver, "keyDeriver");
    this.localKeyDeriver = b.localKeyDeriver;
    this.localKeyText = b.localKeyText;
    this.fingerprinter = b.fingerprinter;
    this.ttl = b.ttl;
    this.lease = b.lease;
    this.waitTimeout = b.waitTimeout;
    this.maxRunTime = b.maxRunTime;
    this.onInProgress = b.onInProgress;
    this.cacheFailures = List.copyOf(b.cacheFailures);
    this.returnKind = b.returnKind;
    this.skipValue = b.skipValue;
    this.codec = b.codec;
    if (lease.compareTo(ttl) > 0) {
      throw new IllegalArgumentException(
          "Task '"
              + name
              + "': lease "
              + lease
              + " is longer than ttl "
              + ttl
              + "; a claim must not outlive the outcome it protects. Shorten the lease.");
    }
  }

  /** Starts a definition; {@code name} is the key namespace, unique in the application. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The key namespace: {@code prefix:name:body}. */
  public String name() {
    return name;
  }

  /** The method, as people read it in messages: {@code com.acme.Payments.charge(Order)}. */
  public String method() {
    return method;
  }

  /** The key template as written, for messages. */
  public String keyTemplate() {
    return keyTemplate;
  }

  public KeyDeriver keyDeriver() {
    return keyDeriver;
  }

  /**
   * The local key of a call, or {@code null} when the task has none (a {@code Task} built in code):
   * then the key text is the local key.
   */
  public LocalKeyDeriver localKeyDeriver() {
    return localKeyDeriver;
  }

  /** The key text of a local key; set exactly when {@link #localKeyDeriver()} is. */
  public LocalKeyDeriver.Text localKeyText() {
    return localKeyText;
  }

  /** The fingerprint function, or {@code null} if the task declares no fingerprint. */
  public Fingerprinter fingerprinter() {
    return fingerprinter;
  }

  public Duration ttl() {
    return ttl;
  }

  public Duration lease() {
    return lease;
  }

  public Duration waitTimeout() {
    return waitTimeout;
  }

  /**
   * How long an execution may run holding its claim in the shared store, or {@code null} for the
   * engine's setting {@code max-run-time}: past it the lease is no longer renewed, so another
   * worker may take the key over once the lease runs out (a hung worker must not hold its key
   * forever).
   */
  public Duration maxRunTime() {
    return maxRunTime;
  }

  public OnInProgress onInProgress() {
    return onInProgress;
  }

  /** Exception types that are final outcomes (stored and replayed); subclasses included. */
  public List<Class<? extends Throwable>> cacheFailures() {
    return cacheFailures;
  }

  /** Whether {@code failure} is a final outcome rather than a reason to release the key. */
  public boolean isCachedFailure(Throwable failure) {
    for (Class<? extends Throwable> type : cacheFailures) {
      if (type.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }

  public ReturnKind returnKind() {
    return returnKind;
  }

  /**
   * What a skipped call returns: {@code null}, or the boxed zero/{@code false} of a primitive
   * return type (the woven method unboxes it).
   */
  public Object skipValue() {
    return skipValue;
  }

  /** The codec of the result type, or {@code null} where no codec was generated. */
  public ResultCodec<?> codec() {
    return codec;
  }

  @Override
  public String toString() {
    return "TaskDefinition[" + name + " " + method + " key=\"" + keyTemplate + "\"]";
  }

  /** Builds a {@link TaskDefinition}; defaults match {@code @IdempotentTask}'s. */
  public static final class Builder {
    private final String name;
    private String method;
    private String keyTemplate;
    private KeyDeriver keyDeriver;
    private LocalKeyDeriver localKeyDeriver;
    private LocalKeyDeriver.Text localKeyText;
    private Fingerprinter fingerprinter;
    private Duration ttl = Duration.ofHours(24);
    private Duration lease = Duration.ofSeconds(30);
    private Duration waitTimeout = Duration.ofSeconds(30);
    private Duration maxRunTime;
    private OnInProgress onInProgress = OnInProgress.WAIT;
    private List<Class<? extends Throwable>> cacheFailures = List.of();
    private ReturnKind returnKind = ReturnKind.VALUE;
    private Object skipValue;
    private ResultCodec<?> codec;

    private Builder(String name) {
      if (!TaskNameSyntax.isValid(name)) {
        throw new IllegalArgumentException(
            "Task name '" + name + "' is not valid: use " + TaskNameSyntax.ALLOWED + ".");
      }
      this.name = name;
    }

    public Builder method(String method) {
      this.method = method;
      return this;
    }

    public Builder keyTemplate(String keyTemplate) {
      this.keyTemplate = keyTemplate;
      return this;
    }

    public Builder keyDeriver(KeyDeriver keyDeriver) {
      this.keyDeriver = keyDeriver;
      return this;
    }

    /**
     * The task's local keys: {@code deriver} gives a call's, {@code text} the key text of one,
     * equal to what the {@link #keyDeriver key deriver} gives for the same call (see {@link
     * LocalKeyDeriver} for the equality both must keep). Default none: the key text is the local
     * key.
     */
    public Builder localKeys(LocalKeyDeriver deriver, LocalKeyDeriver.Text text) {
      this.localKeyDeriver = Objects.requireNonNull(deriver, "deriver");
      this.localKeyText = Objects.requireNonNull(text, "text");
      return this;
    }

    public Builder fingerprinter(Fingerprinter fingerprinter) {
      this.fingerprinter = fingerprinter;
      return this;
    }

    public Builder ttl(Duration ttl) {
      this.ttl = bounded(positive(ttl, "ttl"), "ttl");
      return this;
    }

    public Builder lease(Duration lease) {
      this.lease = bounded(positive(lease, "lease"), "lease");
      return this;
    }

    public Builder waitTimeout(Duration waitTimeout) {
      this.waitTimeout = bounded(positive(waitTimeout, "waitTimeout"), "waitTimeout");
      return this;
    }

    /** The task's maximum run time; default {@code null}: the engine's {@code max-run-time}. */
    public Builder maxRunTime(Duration maxRunTime) {
      this.maxRunTime =
          maxRunTime == null ? null : bounded(positive(maxRunTime, "maxRunTime"), "maxRunTime");
      return this;
    }

    public Builder onInProgress(OnInProgress onInProgress) {
      this.onInProgress = Objects.requireNonNull(onInProgress, "onInProgress");
      return this;
    }

    public Builder cacheFailures(List<Class<? extends Throwable>> cacheFailures) {
      this.cacheFailures = List.copyOf(cacheFailures);
      return this;
    }

    /**
     * How the method returns: its kind, the value a skipped call returns, and the codec of the
     * (future's) value type.
     */
    public Builder returns(ReturnKind kind, Object skipValue, ResultCodec<?> codec) {
      this.returnKind = Objects.requireNonNull(kind, "kind");
      this.skipValue = skipValue;
      this.codec = codec;
      return this;
    }

    public TaskDefinition build() {
      return new TaskDefinition(this);
    }

    /** See {@link Durations#bounded}: the bound the processor checks at compile time. */
    private static Duration bounded(Duration value, String what) {
      try {
        return Durations.bounded(what, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            what + " " + value + " is not valid: " + e.getMessage(), e);
      }
    }

    private static Duration positive(Duration value, String what) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be longer than zero, was " + value);
      }
      return value;
    }
  }
}
