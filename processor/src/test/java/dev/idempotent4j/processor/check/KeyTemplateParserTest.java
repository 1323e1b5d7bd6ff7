package dev.idempotent4j.processor.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.processor.check.KeyTemplateParser.KeyTemplateException;
import dev.idempotent4j.processor.model.KeyTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parser, without javac. */
class KeyTemplateParserTest {

  @Test
  void splitsLiteralsAndPlaceholders() throws KeyTemplateException {
    KeyTemplate template = KeyTemplateParser.parse("charge:{order.customer.id}/{day}");
    assertThat(template.parts())
        .containsExactly(
            new KeyTemplate.Literal("charge:"),
            new KeyTemplate.Placeholder(List.of("order", "customer", "id")),
            new KeyTemplate.Literal("/"),
            new KeyTemplate.Placeholder(List.of("day")));
    assertThat(template.literalText()).isEqualTo("charge:/");
    assertThat(template.placeholders())
        .extracting(KeyTemplate.Placeholder::dotted)
        .containsExactly("order.customer.id", "day");
  }

  @Test
  void constantKeysHaveNoPlaceholders() throws KeyTemplateException {
    assertThat(KeyTemplateParser.parse("nightly").placeholders()).isEmpty();
  }

  @Test
  void placeholdersMayStartOrEndTheKey() throws KeyTemplateException {
    assertThat(KeyTemplateParser.parse("{a}-x-{b}").parts()).hasSize(3);
    assertThat(KeyTemplateParser.parse("{a}").parts()).hasSize(1);
  }

  @Test
  void alphanumericSeparatorIsRejectedButAnyOtherCharacterIsEnough() throws KeyTemplateException {
    assertKind("{a}by{b}", KeyTemplateException.Kind.ADJACENT);
    assertKind("{a}{b}", KeyTemplateException.Kind.ADJACENT);
    assertThat(KeyTemplateParser.parse("{a}by-{b}").placeholders()).hasSize(2);
    assertThat(KeyTemplateParser.parse("{a}é·{b}").placeholders()).hasSize(2);
  }

  @Test
  void rejectsEveryMalformedTemplate() {
    assertKind("", KeyTemplateException.Kind.EMPTY);
    assertKind("   ", KeyTemplateException.Kind.EMPTY);
    assertKind("a{b", KeyTemplateException.Kind.SYNTAX);
    assertKind("a{b{c}}", KeyTemplateException.Kind.SYNTAX);
    assertKind("a}b", KeyTemplateException.Kind.SYNTAX);
    assertKind("a{}", KeyTemplateException.Kind.SYNTAX);
    assertKind("{a.}", KeyTemplateException.Kind.SYNTAX);
    assertKind("{.a}", KeyTemplateException.Kind.SYNTAX);
    assertKind("{1a}", KeyTemplateException.Kind.SYNTAX);
    assertKind("{a b}", KeyTemplateException.Kind.SYNTAX);
    assertKind("50%:{a}", KeyTemplateException.Kind.PERCENT);
  }

  @Test
  void pathsAreDottedJavaNames() throws KeyTemplateException {
    assertThat(KeyTemplateParser.parsePath("order.amountCents"))
        .containsExactly("order", "amountCents");
    assertThatThrownBy(() -> KeyTemplateParser.parsePath("{order}"))
        .hasMessageContaining("'{order}' in '{order}' is not a Java name");
  }

  @Test
  void editDistanceSuggestsTyposAndLongerSpellings() {
    assertThat(EditDistance.closest("ordr", List.of("order", "amount"))).contains("order");
    assertThat(EditDistance.closest("amountCents", List.of("id", "amount"))).contains("amount");
    assertThat(EditDistance.closest("zebra", List.of("order", "id"))).isEmpty();
  }

  private static void assertKind(String template, KeyTemplateException.Kind kind) {
    assertThatThrownBy(() -> KeyTemplateParser.parse(template))
        .isInstanceOf(KeyTemplateException.class)
        .satisfies(e -> assertThat(((KeyTemplateException) e).kind()).isEqualTo(kind));
  }
}
