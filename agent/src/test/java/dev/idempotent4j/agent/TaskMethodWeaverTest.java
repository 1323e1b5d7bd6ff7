package dev.idempotent4j.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AdviceTarget} woven by {@link TaskWeaver}, each method bound to its constant in {@link
 * HandWiredInvokers}, and run against the real runtime: the first call runs, a duplicate skips the
 * body and gets the first result, in every return shape.
 */
class TaskMethodWeaverTest {

  private static Class<?> woven;
  private static Object target;

  @BeforeAll
  static void weave() throws Exception {
    byte[] classFile =
        HandWiredWeaving.weave(
            "touch", "number", "big", "flag", "ratio", "text", "failing", "staticText", "secret");
    woven =
        WovenClasses.defining(
                TaskMethodWeaverTest.class.getClassLoader(),
                Map.of(AdviceTarget.class.getName(), classFile))
            .loadClass(AdviceTarget.class.getName());
    target = woven.getConstructor().newInstance();
  }

  @Test
  void theWovenClassIsTheRedefinedOne() {
    assertThat(woven).isNotSameAs(AdviceTarget.class);
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

    Object first = WovenClasses.call(woven, null, "staticText", key);

    assertThat(WovenClasses.call(woven, null, "staticText", key)).isEqualTo(first);
  }

  @Test
  void privateMethodsAreWovenAndSelfCallsGoThroughTheStub() throws Throwable {
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
    return ((AtomicInteger) woven.getField("RUNS").get(null)).get();
  }

  private static Object call(String name, String key) throws Throwable {
    return WovenClasses.call(woven, target, name, key);
  }
}
