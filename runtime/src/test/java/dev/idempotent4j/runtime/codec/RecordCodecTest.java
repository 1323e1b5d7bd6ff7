package dev.idempotent4j.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  record Item(String sku, int quantity, long cents) {}

  record Receipt(String id, List<Item> items, Optional<String> note, double rate, char grade) {
    Receipt {
      Objects.requireNonNull(id, "id");
    }
  }

  record Pair<A, B>(A first, B second) {}

  static final RecordCodec<Item> ITEM =
      Codecs.<Item>record("com.acme.Item")
          .component("sku", Codecs.string(), Item::sku)
          .component("quantity", Codecs.intValue(), Item::quantity)
          .component("cents", Codecs.longValue(), Item::cents)
          .build(c -> new Item(c.<String>get(0), c.getInt(1), c.getLong(2)));

  static final RecordCodec<Receipt> RECEIPT =
      Codecs.<Receipt>record("com.acme.Receipt")
          .component("id", Codecs.string(), Receipt::id)
          .component("items", Codecs.list(ITEM), Receipt::items)
          .component("note", Codecs.optional(Codecs.string()), Receipt::note)
          .component("rate", Codecs.doubleValue(), Receipt::rate)
          .component("grade", Codecs.charValue(), Receipt::grade)
          .build(
              c ->
                  new Receipt(
                      c.<String>get(0),
                      c.<List<Item>>get(1),
                      c.<Optional<String>>get(2),
                      c.getDouble(3),
                      c.getChar(4)));

  static final RecordCodec<Pair<String, Pair<Integer, Item>>> NESTED_PAIR =
      Codecs.<Pair<String, Pair<Integer, Item>>>record("Pair")
          .component("first", Codecs.string(), Pair::first)
          .component(
              "second",
              Codecs.<Pair<Integer, Item>>record("Pair")
                  .component("first", Codecs.intBox(), Pair::first)
                  .component("second", ITEM, Pair::second)
                  .build(c -> new Pair<Integer, Item>(c.<Integer>get(0), c.<Item>get(1))),
              Pair::second)
          .build(
              c ->
                  new Pair<String, Pair<Integer, Item>>(
                      c.<String>get(0), c.<Pair<Integer, Item>>get(1)));

  @Test
  void recordsAreObjectsInComponentOrder() {
    Receipt receipt =
        new Receipt("r-1", List.of(new Item("a", 2, 450)), Optional.of("hi"), 0.5, 'A');
    String json = RECEIPT.encode(receipt);
    assertThat(json)
        .isEqualTo(
            "{\"id\":\"r-1\",\"items\":[{\"sku\":\"a\",\"quantity\":2,"
                + "\"cents\":450}],\"note\":\"hi\",\"rate\":0.5,\"grade\":\"A\"}");
    assertThat(RECEIPT.decode(json)).isEqualTo(receipt);
    assertThat(RECEIPT.encode(null)).isEqualTo("null");
    assertThat(RECEIPT.decode("null")).isNull();
  }

  @Test
  void genericRecordsNest() {
    Pair<String, Pair<Integer, Item>> pair = new Pair<>("x", new Pair<>(null, new Item("i", 1, 2)));
    String json = NESTED_PAIR.encode(pair);
    assertThat(json)
        .isEqualTo(
            "{\"first\":\"x\",\"second\":{\"first\":null,\"second\":{\"sku\":\"i\",\"quantity\":1,"
                + "\"cents\":2}}}");
    assertThat(NESTED_PAIR.decode(json)).isEqualTo(pair);
  }

  @Test
  void fieldsMayComeInAnyOrderAndUnknownOnesAreIgnored() {
    assertThat(
            ITEM.decode(
                "{\"cents\":1,\"added\":{\"in\":[\"a later version\"]},\"quantity\":2,\"sku\":\"s\"}"))
        .isEqualTo(new Item("s", 2, 1));
    // A name with escapes still matches.
    assertThat(ITEM.decode("{\"s\\u006bu\":\"s\",\"quantity\":2,\"cents\":1}"))
        .isEqualTo(new Item("s", 2, 1));
  }

  @Test
  void missingRepeatedAndNullPrimitiveComponentsAreErrors() {
    assertThatThrownBy(
            () ->
                RECEIPT.decode(
                    "{\"id\":\"r\",\"items\":[{\"sku\":\"a\",\"cents\":1}],"
                        + "\"note\":null,\"rate\":1,\"grade\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "$.items[0]: missing component 'quantity' of com.acme.Item (text written for"
                + " another shape of the record?)");
    assertThatThrownBy(
            () -> ITEM.decode("{\"sku\":\"a\",\"sku\":\"b\",\"quantity\":1,\"cents\":1}"))
        .hasMessage("$.sku: component 'sku' of com.acme.Item is given twice");
    assertThatThrownBy(() -> ITEM.decode("{\"sku\":\"a\",\"quantity\":null,\"cents\":1}"))
        .hasMessage(
            "$.quantity: expected an integer from -2147483648 to 2147483647 (int), found"
                + " null");
    assertThatThrownBy(
            () ->
                RECEIPT.decode(
                    "{\"id\":\"r\",\"items\":[{\"sku\":\"a\",\"quantity\":1,"
                        + "\"cents\":\"x\"}],\"note\":null,\"rate\":1,\"grade\":\"x\"}"))
        .hasMessage(
            "$.items[0].cents: expected an integer from -9223372036854775808 to"
                + " 9223372036854775807 (long), found \"x\"");
    assertThatThrownBy(() -> ITEM.decode("[]"))
        .hasMessage("$: expected an object (com.acme.Item), found an array");
  }

  @Test
  void aConstructorThatRejectsTheComponentsIsReportedWithThePath() {
    assertThatThrownBy(
            () ->
                Codecs.list(RECEIPT)
                    .decode(
                        "[{\"id\":null,\"items\":[],\"note\":null,\"rate\":1,\"grade\":\"x\"}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "$[0]: com.acme.Receipt rejected the stored components:"
                + " java.lang.NullPointerException: id");
  }

  @Test
  void decodedRecordListsAreImmutable() {
    Receipt back =
        RECEIPT.decode("{\"id\":\"r\",\"items\":[],\"note\":null,\"rate\":1,\"grade\":\"x\"}");
    assertThat(back.note()).isEmpty();
    assertThat(back.items()).isEmpty();
    assertThatThrownBy(() -> back.items().add(new Item("a", 1, 1)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builderRejectsMistakes() {
    assertThatThrownBy(
            () ->
                Codecs.<Item>record("Item")
                    .component("sku", Codecs.string(), Item::sku)
                    .component("sku", Codecs.string(), Item::sku))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("component 'sku' of Item is added twice");
    assertThatThrownBy(() -> Codecs.<Item>record("Item").build(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void recordCodecsAreSafeToShareAcrossThreads() throws Exception {
    List<Item> items = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(new Item("sku-" + i, i, i * 100L));
    }
    JsonCodec<List<Item>> codec = Codecs.list(ITEM);
    String json = codec.encode(items);
    var executor = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 64; t++) {
        results.add(
            executor.submit(
                () -> {
                  for (int n = 0; n < 50; n++) {
                    if (!codec.decode(codec.encode(items)).equals(items)
                        || !codec.encode(items).equals(json)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (var result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
