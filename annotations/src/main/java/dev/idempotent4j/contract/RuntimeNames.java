package dev.idempotent4j.contract;

import java.util.List;

/**
 * The runtime types and constants that generated code names: the processor writes them into every
 * {@code *_Idempotent4j} class, the runtime must keep them where these names say (a test of the
 * runtime loads each one). <strong>For idempotent4j's own modules, not an API.</strong>
 *
 * <pre>{@code
 * String invoker = RuntimeNames.TASK_INVOKER; // "dev.idempotent4j.runtime.TaskInvoker"
 * String kind = RuntimeNames.returnKind("java.util.concurrent.CompletableFuture");
 * }</pre>
 */
public final class RuntimeNames {

  /** The runtime's SPI package, which generated code is written against. */
  public static final String SPI_PACKAGE = "dev.idempotent4j.runtime.spi";

  /** The runtime's API package, where the engine and its door for woven code live. */
  public static final String API_PACKAGE = "dev.idempotent4j.runtime";

  /**
   * {@code TaskInvoker}: the constant the agent's stub calls. It sits in the API package, beside
   * the package-private engine it enters.
   */
  public static final String TASK_INVOKER = API_PACKAGE + ".TaskInvoker";

  /** {@link #TASK_INVOKER} as a JVM internal name, for the agent's bytecode. */
  public static final String TASK_INVOKER_INTERNAL = "dev/idempotent4j/runtime/TaskInvoker";

  /**
   * What the name of a task's entry point adds to its invoker field's: the generated class's {@code
   * public static Object charge$enter(...)}, which the agent's stub calls with the method's
   * arguments (references as {@code Object}, primitives as they are) before the body.
   */
  public static final String ENTRY_POINT_SUFFIX = "$enter";

  /** {@code Replay}: what the stub's enter returns when the body must be skipped. */
  public static final String REPLAY = SPI_PACKAGE + ".Replay";

  /** {@link #REPLAY} as a JVM internal name, for the agent's bytecode. */
  public static final String REPLAY_INTERNAL = "dev/idempotent4j/runtime/spi/Replay";

  /** {@code Woven}: the mark the weaver puts on every class it rewrote. */
  public static final String WOVEN = SPI_PACKAGE + ".Woven";

  /** {@link #WOVEN} as a type descriptor, for the weaver's bytecode. */
  public static final String WOVEN_DESCRIPTOR = "Ldev/idempotent4j/runtime/spi/Woven;";

  /** {@code TaskDefinition}: what a generated task constant is built from. */
  public static final String TASK_DEFINITION = SPI_PACKAGE + ".TaskDefinition";

  /** {@code KeyBuilder}: escapes and appends the parts of a derived key. */
  public static final String KEY_BUILDER = SPI_PACKAGE + ".KeyBuilder";

  /** {@code KeyBuilder.Escapes}: the characters a key's literal text reserves. */
  public static final String KEY_BUILDER_ESCAPES = KEY_BUILDER + ".Escapes";

  /** {@code ResultCodec}: the type of a generated codec expression. */
  public static final String RESULT_CODEC = SPI_PACKAGE + ".ResultCodec";

  /** {@code ReturnKind}: how a task hands back its outcome. */
  public static final String RETURN_KIND = SPI_PACKAGE + ".ReturnKind";

  /** {@code ReturnKind.VOID}: a {@code void} method. */
  public static final String RETURN_KIND_VOID = "VOID";

  /** {@code ReturnKind.VALUE}: a value, recorded when the method returns. */
  public static final String RETURN_KIND_VALUE = "VALUE";

  /** {@code ReturnKind.COMPLETABLE_FUTURE}: recorded when the future completes. */
  public static final String RETURN_KIND_COMPLETABLE_FUTURE = "COMPLETABLE_FUTURE";

  /** {@code ReturnKind.COMPLETION_STAGE}: recorded when the stage completes. */
  public static final String RETURN_KIND_COMPLETION_STAGE = "COMPLETION_STAGE";

  /** Every {@code ReturnKind} constant, in declaration order. */
  public static final List<String> RETURN_KINDS =
      List.of(
          RETURN_KIND_VOID,
          RETURN_KIND_VALUE,
          RETURN_KIND_COMPLETABLE_FUTURE,
          RETURN_KIND_COMPLETION_STAGE);

  /** {@code KeyDerivationException}: thrown by a key deriver that meets a {@code null}. */
  public static final String KEY_DERIVATION_EXCEPTION = API_PACKAGE + ".KeyDerivationException";

  /** {@code Codecs}: the combinators a generated codec expression is built from. */
  public static final String CODECS = "dev.idempotent4j.runtime.codec.Codecs";

  /** Every runtime type above, for the runtime's test that each one exists. */
  public static final List<String> TYPES =
      List.of(
          TASK_INVOKER,
          REPLAY,
          WOVEN,
          TASK_DEFINITION,
          KEY_BUILDER,
          RESULT_CODEC,
          RETURN_KIND,
          KEY_DERIVATION_EXCEPTION,
          CODECS);

  private RuntimeNames() {}

  /**
   * The {@code ReturnKind} of a method whose return type is the class {@code qualifiedName} ({@code
   * "void"} for a {@code void} method).
   */
  public static String returnKind(String qualifiedName) {
    return switch (qualifiedName) {
      case "void" -> RETURN_KIND_VOID;
      case "java.util.concurrent.CompletableFuture" -> RETURN_KIND_COMPLETABLE_FUTURE;
      case "java.util.concurrent.CompletionStage" -> RETURN_KIND_COMPLETION_STAGE;
      default -> RETURN_KIND_VALUE;
    };
  }
}
