package dev.idempotent4j.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stored text may be truncated, garbage, or written by an attacker: every case is a clean IAE. */
class HostileInputTest {

  private static final JsonCodec<List<List<Integer>>> NESTED =
      Codecs.list(Codecs.list(Codecs.intBox()));

  @Test
  void truncatedTextIsRejected() {
    String json = "{\"a\":[1,2],\"b\":\"xyz\"}";
    JsonCodec<Map<String, List<Integer>>> codec =
        Codecs.map(Codecs.string(), Codecs.list(Codecs.intBox()));
    for (int cut = 0; cut < json.length() - 1; cut++) {
      String truncated = json.substring(0, cut);
      assertThatThrownBy(() -> codec.decode(truncated))
          .as(truncated)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("$");
    }
    assertThatThrownBy(() -> codec.decode(""))
        .hasMessage("$: expected an object, found end of input");
    assertThatThrownBy(() -> codec.decode("{\"a\":[1,2"))
        .hasMessage("$.a[1]: expected ',' or ']', found end of input");
    assertThatThrownBy(() -> Codecs.string().decode("\"abc"))
        .hasMessage("$: unterminated string starting \"abc");
  }

  @Test
  void trailingGarbageIsRejected() {
    assertThatThrownBy(() -> Codecs.intValue().decode("1 2"))
        .hasMessage("$: unexpected text after the value: 2");
    assertThatThrownBy(() -> Codecs.list(Codecs.intValue()).decode("[1]]"))
        .hasMessage("$: unexpected text after the value: ]");
    assertThatThrownBy(() -> Codecs.intValue().decode("01"))
        .hasMessage("$: unexpected text after the value: 1");
  }

  @Test
  void malformedTokensAreRejected() {
    assertThatThrownBy(() -> Codecs.list(Codecs.intValue()).decode("[1,]"))
        .hasMessage("$[1]: expected an integer from -2147483648 to 2147483647 (int), found ]");
    assertThatThrownBy(() -> Codecs.map(Codecs.string(), Codecs.intValue()).decode("{\"a\":1,}"))
        .hasMessage("$: expected a field name, found }");
    assertThatThrownBy(() -> Codecs.map(Codecs.string(), Codecs.intValue()).decode("{\"a\" 1}"))
        .hasMessage("$.a: expected ':', found 1");
    assertThatThrownBy(() -> Codecs.map(Codecs.string(), Codecs.intValue()).decode("{a:1}"))
        .hasMessage("$: expected a field name, found a");
    assertThatThrownBy(() -> Codecs.doubleValue().decode("1."))
        .hasMessage("$: malformed number 1.");
    assertThatThrownBy(() -> Codecs.doubleValue().decode("-"))
        .hasMessageStartingWith("$: expected a number (double)");
    assertThatThrownBy(() -> Codecs.doubleValue().decode("1e+"))
        .hasMessage("$: malformed number 1e+");
    assertThatThrownBy(() -> Codecs.booleanValue().decode("tru"))
        .hasMessage("$: expected a boolean, found tru");
    assertThatThrownBy(() -> Codecs.string().decode("\"a\nb\""))
        .hasMessage("$: unescaped control character U+000A in a string");
    assertThatThrownBy(() -> Codecs.string().decode("\"\\x\""))
        .hasMessage("$: bad escape \\x in a string");
    assertThatThrownBy(() -> Codecs.string().decode("\"\\u12x4\""))
        .hasMessage("$: bad \\u escape in a string: \"\\u12x4\"");
    assertThatThrownBy(() -> Codecs.string().decode("\"\\u12"))
        .hasMessage("$: truncated \\u escape in a string");
    assertThatThrownBy(
            () -> Codecs.longValue().decode("1".repeat(JsonReader.MAX_NUMBER_LENGTH + 1)))
        .hasMessage("$: number longer than 400 characters");
  }

  @Test
  void wrongTypesSayWhatWasFound() {
    assertThatThrownBy(() -> Codecs.list(Codecs.string()).decode("{\"a\":1}"))
        .hasMessage("$: expected an array, found an object");
    assertThatThrownBy(() -> Codecs.map(Codecs.string(), Codecs.string()).decode("[1]"))
        .hasMessage("$: expected an object, found an array");
    assertThatThrownBy(() -> Codecs.string().decode("12"))
        .hasMessage("$: expected a string, found 12");
    assertThatThrownBy(() -> Codecs.string().decode("\"" + "x".repeat(100) + "\"x"))
        .hasMessage("$: unexpected text after the value: x");
    assertThatThrownBy(() -> Codecs.intValue().decode("\"" + "y".repeat(100) + "\""))
        .hasMessage(
            "$: expected an integer from -2147483648 to 2147483647 (int), found \""
                + "y".repeat(41)
                + "...");
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThatThrownBy(() -> NESTED.decode(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "$[0][0]: expected an integer from -2147483648 to 2147483647 (int), found an"
                + " array");
    // Unknown record fields are skipped without recursion, and still bounded.
    RecordCodec<Holder> holder =
        Codecs.<Holder>record("Holder")
            .component("value", Codecs.intValue(), Holder::value)
            .build(c -> new Holder(c.getInt(0)));
    String deepObjects =
        "{\"junk\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + ",\"value\":1}";
    assertThatThrownBy(() -> holder.decode(deepObjects))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(": nesting deeper than 256 levels");
    String deepArrays = "{\"junk\":" + "[".repeat(100_000) + ",\"value\":1}";
    assertThatThrownBy(() -> holder.decode(deepArrays))
        .hasMessageEndingWith(": nesting deeper than 256 levels");
    String allowed = "{\"junk\":" + "[".repeat(200) + "]".repeat(200) + ",\"value\":7}";
    assertThat(holder.decode(allowed)).isEqualTo(new Holder(7));
  }

  @Test
  void skippedUnknownValuesAreStillValidated() {
    RecordCodec<Holder> holder =
        Codecs.<Holder>record("Holder")
            .component("value", Codecs.intValue(), Holder::value)
            .build(c -> new Holder(c.getInt(0)));
    assertThat(
            holder.decode(
                "{\"x\":{\"a\":[1,-2.5e3,true,false,null,\"s\\n\"],\"b\":{}},\"value\":3,\"y\":[]}"))
        .isEqualTo(new Holder(3));
    assertThatThrownBy(() -> holder.decode("{\"x\":[1,}],\"value\":3}"))
        .hasMessage("$.x[1]: expected a JSON value, found }");
    assertThatThrownBy(() -> holder.decode("{\"x\":{\"a\" 1},\"value\":3}"))
        .hasMessage("$.x.a: expected ':', found 1");
  }

  @Test
  void nullTextIsRejected() {
    assertThatThrownBy(() -> Codecs.string().decode(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("json");
  }

  record Holder(int value) {}
}
