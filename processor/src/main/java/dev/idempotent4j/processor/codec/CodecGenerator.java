package dev.idempotent4j.processor.codec;

import com.palantir.javapoet.CodeBlock;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.type.TypeMirror;

/**
 * Plans the result codec of a task's return type: an expression of type {@code
 * dev.idempotent4j.runtime.spi.ResultCodec<T>} built from the runtime's codec combinators, plus
 * any members (record codecs) it needs in the generated class.
 *
 * <p>SEAM: owned by the codec work; the task generator only calls {@link #plan}.
 */
public final class CodecGenerator {

  private final ProcessingEnvironment env;

  public CodecGenerator(ProcessingEnvironment env) {
    this.env = env;
  }

  /**
   * The codec of {@code valueType} (the declared return type, or the future's value type for
   * async tasks; {@code void} for void methods), or a reason why it cannot be encoded.
   */
  public CodecPlan plan(TypeMirror valueType) {
    return CodecPlan.supported(CodeBlock.of("null"));
  }

  /** Either the codec expression or the reason the type cannot be stored. */
  public static final class CodecPlan {
    private final CodeBlock expression;
    private final String unsupportedReason;

    private CodecPlan(CodeBlock expression, String unsupportedReason) {
      this.expression = expression;
      this.unsupportedReason = unsupportedReason;
    }

    public static CodecPlan supported(CodeBlock expression) {
      return new CodecPlan(expression, null);
    }

    public static CodecPlan unsupported(String reason) {
      return new CodecPlan(null, reason);
    }

    /** The codec expression, if the type is supported. */
    public Optional<CodeBlock> expression() {
      return Optional.ofNullable(expression);
    }

    /** Why the type cannot be stored, naming the type and the fix, if unsupported. */
    public Optional<String> unsupportedReason() {
      return Optional.ofNullable(unsupportedReason);
    }
  }
}
