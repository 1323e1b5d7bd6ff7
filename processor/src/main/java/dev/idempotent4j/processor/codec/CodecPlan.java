package dev.idempotent4j.processor.codec;

import com.palantir.javapoet.CodeBlock;
import java.util.Optional;

/**
 * What the {@link CodecGenerator} planned for one type: either the codec expression or the reason
 * the type cannot be stored.
 *
 * <pre>{@code
 * CodecPlan plan = codecs.plan(returnType, "com.acme");
 * plan.expression();         // Optional[Codecs.string()]
 * plan.unsupportedReason();  // Optional.empty()
 * }</pre>
 */
public final class CodecPlan {
  private final CodeBlock expression;
  private final String unsupportedReason;

  private CodecPlan(CodeBlock expression, String unsupportedReason) {
    this.expression = expression;
    this.unsupportedReason = unsupportedReason;
  }

  /** A plan with a codec. */
  public static CodecPlan supported(CodeBlock expression) {
    return new CodecPlan(expression, null);
  }

  /** A plan without one, and why. */
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
