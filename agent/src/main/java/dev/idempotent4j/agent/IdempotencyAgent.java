package dev.idempotent4j.agent;

import dev.idempotent4j.runtime.Idempotency;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.locks.ReentrantLock;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The idempotent4j agent: weaves every {@code @IdempotentTask} method into the runtime. Attach it
 * at start-up, with optional settings:
 *
 * <pre class="language-text">{@code
 * java -javaagent:idempotent4j-agent.jar -jar app.jar
 * java -javaagent:idempotent4j-agent.jar=prefix=app,fail-mode=open -jar app.jar
 * java -javaagent:idempotent4j-agent.jar=redis.cluster=redis://h1:7000,redis://h2:7001,prefix=app
 * }</pre>
 *
 * <p>or, where the command line cannot be changed, from code before the first task class loads:
 *
 * <pre>{@code
 * IdempotencyAgent.install();
 * }</pre>
 *
 * <p>Settings are {@code name=value} pairs separated by commas; a comma followed by text that is
 * not {@code name=} continues the previous value. Each becomes the system property {@code
 * idempotent4j.<name>}, overriding a {@code -D} of the same name; the runtime reads and validates
 * them.
 *
 * <p>The agent weaves the classes listed in the {@code META-INF/idempotent4j/tasks} resources the
 * processor writes, and nothing else. A method carrying {@code @IdempotentTask} in a class the
 * processor did not see is woven to fail with a message that says to enable the processor; a class
 * that fails to weave has its tasks refuse to run. No task ever runs without deduplication.
 */
public final class IdempotencyAgent {

  // Guards the one installation per JVM: Instrumentation accepts any number of transformers, and
  // a second would weave every task twice.
  private static final ReentrantLock START = new ReentrantLock();
  private static volatile boolean started;

  private IdempotencyAgent() {}

  /**
   * Entry point of {@code -javaagent:idempotent4j-agent.jar[=settings]}.
   *
   * @throws IllegalArgumentException if the settings do not parse; the JVM then refuses to start
   */
  public static void premain(String args, Instrumentation inst) {
    startAgent(args, inst);
  }

  /**
   * Entry point of a dynamic attach ({@code VirtualMachine.loadAgent(jar, settings)}).
   *
   * @throws IllegalArgumentException if the settings do not parse
   */
  public static void agentmain(String args, Instrumentation inst) {
    startAgent(args, inst);
  }

  /**
   * Attaches the agent to the running JVM (self-attach), for applications and tests that cannot add
   * {@code -javaagent}. Classes loaded before the call are retransformed. Calling it again, or
   * after {@code -javaagent} started the agent, does nothing. Settings come from system properties
   * ({@code idempotent4j.<name>}) as usual. On JDK 21 and later, start the JVM with {@code
   * -XX:+EnableDynamicAgentLoading} to avoid the JVM's warning.
   *
   * @throws IllegalStateException if this JVM does not allow attaching an agent (a JRE without the
   *     {@code jdk.attach} module, or attach disabled); use {@code -javaagent} there
   */
  public static void install() {
    START.lock();
    try {
      if (started) {
        return;
      }
      Instrumentation inst;
      try {
        inst = ByteBuddyAgent.install();
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "idempotent4j could not attach its agent to this JVM ("
                + e.getMessage()
                + "). Start the JVM with -javaagent:idempotent4j-agent.jar instead.",
            e);
      }
      startAgent(null, inst);
    } finally {
      START.unlock();
    }
  }

  /** Whether the agent is weaving in this JVM. */
  public static boolean isInstalled() {
    return started;
  }

  private static void startAgent(String args, Instrumentation inst) {
    // Parse before anything happens: bad syntax must stop the start, not half-configure it.
    AgentArguments arguments = AgentArguments.parse(args);
    START.lock();
    try {
      if (started) {
        if (!arguments.settings().isEmpty()) {
          AgentLog.error(
              "the agent is already running; the settings \"" + args + "\" are ignored.", null);
        }
        return;
      }
      if (!inst.isRetransformClassesSupported()) {
        throw new IllegalStateException(
            "idempotent4j needs an Instrumentation that can retransform classes; the agent jar's"
                + " manifest must say Can-Retransform-Classes: true.");
      }
      long start = System.nanoTime();
      arguments.applyToSystemProperties();
      validateSettings();
      TaskClassFileTransformer transformer = new TaskClassFileTransformer(new TaskIndexes());
      inst.addTransformer(transformer, true);
      // From here on the transformer weaves: a second start must not add another one.
      started = true;
      LoadedClasses.retransform(inst, transformer);
      AgentLog.info("agent started in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } finally {
      START.unlock();
    }
  }

  /**
   * A value that does not parse must fail at start-up, not at the first call of a task hours later.
   * The runtime owns the settings; without it on the class path there is nothing to validate yet
   * (and woven classes will say that the runtime is missing).
   */
  private static void validateSettings() {
    try {
      Idempotency.validateConfiguration();
    } catch (NoClassDefFoundError runtimeNotVisible) {
      AgentLog.info("idempotent4j-runtime is not on the class path; settings are checked later");
    }
  }
}
