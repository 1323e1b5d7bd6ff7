package dev.idempotent4j.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SealedAndRecursiveCodecTest {

  sealed interface Payment permits Card, Transfer {}

  record Card(String last4) implements Payment {}

  record Transfer(String iban, long cents) implements Payment {}

  record Node(String name, List<Node> children, Optional<Node> parent) {}

  static final JsonCodec<Payment> PAYMENT =
      Codecs.<Payment>sealed("com.acme.Payment", "type")
          .variant(
              "Card",
              Card.class,
              Codecs.<Card>record("com.acme.Card")
                  .component("last4", Codecs.string(), Card::last4)
                  .build(c -> new Card(c.<String>get(0))))
          .variant(
              "Transfer",
              Transfer.class,
              Codecs.<Transfer>record("com.acme.Transfer")
                  .component("iban", Codecs.string(), Transfer::iban)
                  .component("cents", Codecs.longValue(), Transfer::cents)
                  .build(c -> new Transfer(c.<String>get(0), c.getLong(1))))
          .build();

  static final JsonCodec<Node> NODE =
      Codecs.<Node>recursive(
          "com.acme.Node",
          self ->
              Codecs.<Node>record("com.acme.Node")
                  .component("name", Codecs.string(), Node::name)
                  .component("children", Codecs.list(self), Node::children)
                  .component("parent", Codecs.optional(self), Node::parent)
                  .build(
                      c ->
                          new Node(
                              c.<String>get(0), c.<List<Node>>get(1), c.<Optional<Node>>get(2))));

  @Test
  void sealedWritesTheTagFirstAndReadsItBack() {
    String json = PAYMENT.encode(new Transfer("DE89", 1250));
    assertThat(json).isEqualTo("{\"type\":\"Transfer\",\"iban\":\"DE89\",\"cents\":1250}");
    assertThat(PAYMENT.decode(json)).isEqualTo(new Transfer("DE89", 1250));
    assertThat(PAYMENT.decode(PAYMENT.encode(new Card("4242")))).isEqualTo(new Card("4242"));
    assertThat(PAYMENT.decode(PAYMENT.encode(null))).isNull();
    JsonCodec<List<Payment>> list = Codecs.list(PAYMENT);
    List<Payment> both = List.of(new Card("1"), new Transfer("FR76", 5));
    assertThat(list.decode(list.encode(both))).isEqualTo(both);
  }

  @Test
  void sealedRefusesUnknownOrMissingTags() {
    assertThatThrownBy(() -> PAYMENT.decode("{\"type\":\"java.lang.Runtime\",\"last4\":\"1\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'java.lang.Runtime' is not a subtype of com.acme.Payment")
        .hasMessageContaining("known: Card, Transfer");
    assertThatThrownBy(() -> PAYMENT.decode("{\"last4\":\"1\",\"type\":\"Card\"}"))
        .hasMessageContaining("must be its discriminator 'type'");
    assertThatThrownBy(() -> PAYMENT.decode("{}"))
        .hasMessageContaining("must be its discriminator 'type'");
    assertThatThrownBy(() -> PAYMENT.decode("{\"type\":\"Card\"}"))
        .hasMessageContaining("missing component 'last4'");
    assertThatThrownBy(() -> PAYMENT.decode("{\"type\":7}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recursiveRecordsRoundTrip() {
    Node root =
        new Node(
            "root",
            List.of(new Node("a", List.of(), Optional.empty())),
            Optional.of(new Node("up", List.of(), Optional.empty())));
    String json = NODE.encode(root);
    assertThat(json)
        .isEqualTo(
            "{\"name\":\"root\",\"children\":[{\"name\":\"a\",\"children\":[],\"parent\":null}],"
                + "\"parent\":{\"name\":\"up\",\"children\":[],\"parent\":null}}");
    assertThat(NODE.decode(json)).isEqualTo(root);
  }

  @Test
  void recursionIsBoundedBothWays() {
    List<Node> loop = new ArrayList<>();
    loop.add(new Node("self", loop, Optional.empty()));
    assertThatThrownBy(() -> NODE.encode(loop.get(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nests deeper than 256 levels");
    String deep =
        "{\"name\":\"x\",\"children\":[],\"parent\":".repeat(300) + "null" + "}".repeat(300);
    assertThatThrownBy(() -> NODE.decode(deep)).hasMessageContaining("deeper than 256");
  }

  @Test
  void aSealedVariantNeedsAnObjectCodec() {
    assertThatThrownBy(
            () -> Codecs.<Object>sealed("x.Y", "type").variant("S", String.class, Codecs.string()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not write objects");
  }
}
