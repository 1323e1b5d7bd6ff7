package dev.idempotent4j.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.UUID;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskAdvice} applied with plain Byte Buddy to {@link AdviceTarget}, each method bound to
 * its constant in {@link HandWiredInvokers}, and run against the real runtime: the first call runs,
 * a duplicate skips the body ({@code skipOn = Replay.class}) and gets the first result, in every
 * return shape.
 */
class TaskAdviceTest {

  private static Class<?> woven;
  private static Object target;

  @BeforeAll
  static void weave() throws Exception {
    AdviceTypes advice = new AdviceTypes();
    DynamicType.Builder<?> builder = new ByteBuddy().redefine(AdviceTarget.class);
    for (String method :
        new String[] {
          "touch", "number", "big", "flag", "ratio", "text", "failing", "staticText", "secret"
        }) {
      FieldDescription invoker =
          new FieldDescription.ForLoadedField(HandWiredInvokers.class.getField(method));
      builder =
          builder.visit(
              advice
                  .task(Advice.withCustomMapping().bind(TaskAdvice.Invoker.class, invoker))
                  .on(named(method)));
    }
    woven =
        builder
            .make()
            .load(TaskAdviceTest.class.getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST)
            .getLoaded();
    target = woven.getConstructor().newInstance();
  }

  @Test
  void voidRunsOnce() throws Throwable {
    String key = unique();
    int before = runs();

    call("touch", key);
    call("touch", key);

    assertThat(runs() - before).isEqualTo(1);
  }

  @Test
  void primitivesAreReplayedUnboxed() throws Throwable {
    String key = unique();
    int before = runs();

    Object number = call("number", key);
    Object big = call("big", key);
    Object flag = call("flag", key);
    Object ratio = call("ratio", key);

    assertThat(call("number", key)).isEqualTo(number);
    assertThat(call("big", key)).isEqualTo(big);
    assertThat(call("flag", key)).isEqualTo(true);
    assertThat(call("ratio", key)).isEqualTo(ratio);
    assertThat(runs() - before).isEqualTo(4);
  }

  @Test
  void aReferenceIsReplayedAndTheBodySkipped() throws Throwable {
    String key = unique();

    Object first = call("text", key);
    int after = runs();

    assertThat(call("text", key)).isSameAs(first);
    assertThat(runs()).isEqualTo(after);
    assertThat(call("text", unique())).isNotEqualTo(first);
  }

  @Test
  void anExceptionReachesTheCallerAndARetryRunsAgain() throws Exception {
    String key = unique();
    int before = runs();

    assertThatThrownBy(() -> call("failing", key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("failure ");
    assertThatThrownBy(() -> call("failing", key)).isInstanceOf(IllegalStateException.class);
    assertThat(runs() - before).isEqualTo(2);
  }

  @Test
  void staticMethodsAreWoven() throws Throwable {
    String key = unique();

    Object first = woven.getMethod("staticText", String.class).invoke(null, key);

    assertThat(woven.getMethod("staticText", String.class).invoke(null, key)).isEqualTo(first);
  }

  @Test
  void privateMethodsAreWovenAndSelfCallsGoThroughTheAdvice() throws Throwable {
    String key = unique();
    int before = runs();

    String both = (String) call("secretTwice", key);

    String[] parts = both.split(",");
    assertThat(parts[1]).isEqualTo(parts[0]);
    assertThat(runs() - before).isEqualTo(1);
  }

  private static String unique() {
    return UUID.randomUUID().toString();
  }

  private static int runs() throws ReflectiveOperationException {
    return ((java.util.concurrent.atomic.AtomicInteger) woven.getField("RUNS").get(null)).get();
  }

  private static Object call(String name, String key) throws Throwable {
    Method method = woven.getMethod(name, String.class);
    try {
      return method.invoke(target, key);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
