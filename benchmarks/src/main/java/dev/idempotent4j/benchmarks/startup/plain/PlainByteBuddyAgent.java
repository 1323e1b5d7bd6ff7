package dev.idempotent4j.benchmarks.startup.plain;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The start-up baseline: the agent a developer writes from the Byte Buddy documentation to
 * instrument one method, {@code Greeter.greet}, with an empty advice. Default {@link AgentBuilder}
 * settings, matched by type name. Packaged alone, with Byte Buddy shaded, as {@code
 * benchmarks/target/plain-bytebuddy-agent.jar}.
 *
 * <pre>
 * java -javaagent:benchmarks/target/plain-bytebuddy-agent.jar \
 *   -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.startup.StartupMain
 * </pre>
 */
public final class PlainByteBuddyAgent {

  private PlainByteBuddyAgent() {}

  /**
   * Installs the agent. Diagnosis only, not the baseline: with the argument {@code retransform} it
   * also asks for no class format changes and retransformation of the classes loaded before it,
   * found by reiterating discovery (what the idempotent4j agent asked for when it was built on an
   * {@code AgentBuilder}).
   */
  public static void premain(String arguments, Instrumentation instrumentation) {
    AgentBuilder builder = new AgentBuilder.Default();
    if ("retransform".equals(arguments)) {
      builder =
          builder
              .disableClassFormatChanges()
              .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
              .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE);
    }
    builder
        .type(ElementMatchers.named("dev.idempotent4j.benchmarks.startup.Greeter"))
        .transform(
            (typeBuilder, type, loader, module, domain) ->
                typeBuilder.visit(Advice.to(TimingAdvice.class).on(ElementMatchers.named("greet"))))
        .installOn(instrumentation);
  }

  /** Reads the clock around the method: the smallest advice that still does something. */
  public static final class TimingAdvice {

    private TimingAdvice() {}

    @Advice.OnMethodEnter
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter long start) {
      if (start == 42) {
        System.out.print("");
      }
    }
  }
}
