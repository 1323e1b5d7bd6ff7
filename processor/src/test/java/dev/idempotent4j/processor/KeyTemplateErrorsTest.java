package dev.idempotent4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every key error: its tag, its words and the line of the {@code key = } attribute. */
class KeyTemplateErrorsTest {

  @Test
  void unclosedBrace() {
    assertKeyError(
        "charge:{order.id",
        "i4j-key-syntax",
        "key \"charge:{order.id\" does not parse: '{' at index 7 is never closed");
  }

  @Test
  void closingBraceWithoutOpening() {
    assertKeyError("charge}:{order.id}", "i4j-key-syntax", "'}' at index 6 closes no placeholder");
  }

  @Test
  void emptyBraces() {
    assertKeyError("charge:{}", "i4j-key-syntax", "'{}' at index 7 names no parameter");
  }

  @Test
  void malformedPath() {
    assertKeyError("charge:{order..id}", "i4j-key-syntax", "'order..id' has an empty step");
    assertKeyError(
        "charge:{order id}", "i4j-key-syntax", "'order id' in 'order id' is not a Java name");
  }

  @Test
  void percentInLiteralText() {
    assertKeyError(
        "charge%{order.id}", "i4j-key-percent", "'%' at index 6 is the escape character");
  }

  @Test
  void emptyKey() {
    assertKeyError(
        "",
        "i4j-key-empty",
        "the key of Payments.charge(Order) is empty",
        "such as key = \"charge:{order.id}\"");
  }

  @Test
  void adjacentPlaceholders() {
    assertKeyError(
        "{order.id}{order.amount}",
        "i4j-key-adjacent",
        "placeholders {order.id} and {order.amount} are separated by nothing",
        "{order.id}:{order.amount}");
    assertKeyError("{order.id}x{order.amount}", "i4j-key-adjacent", "separated by only 'x'");
  }

  @Test
  void unknownParameterSuggestsTheClosest() {
    assertKeyError(
        "charge:{ordr.id}",
        "i4j-key-unknown-param",
        "'ordr' is not a parameter of charge(order). Did you mean 'order'?");
  }

  @Test
  void unknownParameterWithoutCloseMatchListsParameters() {
    assertKeyError("charge:{invoice}", "i4j-key-unknown-param", "use one of: order");
  }

  @Test
  void unknownMemberSaysWhatExists() {
    assertKeyError(
        "charge:{order.idd}",
        "i4j-key-unknown-member",
        "'order' is a Order, which has no record component, getter or field 'idd'."
            + " Did you mean 'id'?",
        "(it has: id, customer, amount");
    assertKeyError(
        "charge:{order.customer.name}",
        "i4j-key-unknown-member",
        "'order.customer' is a Customer",
        "(it has: email, id)");
  }

  @Test
  void stepIntoAValueWithoutMembers() {
    assertKeyError(
        "charge:{order.id.value}",
        "i4j-key-unknown-member",
        "'order.id' is a long, which has no member 'value'; end the path at 'order.id'");
  }

  @Test
  void privateMemberIsInaccessible() {
    assertKeyError(
        "charge:{order.customer.secret}",
        "i4j-key-inaccessible",
        "'order.customer.secret' cannot be read by the generated class",
        "'Customer.secret' is private",
        "add a getter getSecret()");
  }

  @Test
  void privateNestedParameterTypeIsInaccessible() {
    JavaFileObject source =
        Fixtures.payments(
            """
        private record Hidden(long id) {}

        @IdempotentTask(key = "hidden:{hidden.id}")
        void charge(Hidden hidden) {}
        """);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation).hadErrorContaining("[i4j-key-inaccessible]");
    assertThat(compilation)
        .hadErrorContaining("parameter 'hidden' cannot be read by the generated class")
        .inFile(source)
        .onLineContaining("key = \"hidden:{hidden.id}\"");
    assertThat(compilation).hadErrorContaining("type 'com.acme.Payments.Hidden' is private");
  }

  @Test
  void recordAsAWholeSuggestsComponents() {
    assertKeyError(
        "charge:{order}",
        "i4j-key-unstable",
        "'order' is the record Order as a whole",
        "such as {order.id}, {order.customer}");
  }

  @Test
  void arraysAreUnstable() {
    assertKeyError("charge:{order.lines}", "i4j-key-unstable", "'order.lines' is an array (int[])");
  }

  @Test
  void lambdasAreUnstable() {
    assertKeyError(
        "charge:{order.callback}",
        "i4j-key-unstable",
        "'order.callback' is a functional interface (Runnable)");
  }

  @Test
  void collectionsAndOptionalsAreUnstable() {
    assertKeyError(
        "charge:{order.tags}", "i4j-key-unstable", "'order.tags' is a collection (List)");
    assertKeyError("charge:{order.note}", "i4j-key-unstable", "'order.note' is an Optional");
  }

  @Test
  void objectToStringIsUnstable() {
    assertKeyError(
        "charge:{order.customer}",
        "i4j-key-unstable",
        "'order.customer' is a Customer, which inherits Object.toString()",
        "such as {order.customer.id}, or declare toString() in Customer");
    assertKeyError("charge:{order.plain}", "i4j-key-unstable", "Object.toString()");
  }

  @Test
  void interfacesAreUnstable() {
    assertKeyError(
        "charge:{order.named}", "i4j-key-unstable", "'order.named' is the interface Named");
  }

  @Test
  void classesDeclaringToStringAndInterfaceGettersAreStable() {
    Compilation compilation =
        TaskCompiler.compile(
            withDomain(
                Fixtures.payments(
                    """
        @IdempotentTask(key = "charge:{order.tagged}:{order.named.label}:{order.amount}")
        void charge(Order order) {}
        """)));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void streamsAndTypeVariablesAreUnstable() {
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(key = "s:{values}")
        void stream(Stream<String> values) {}

        @IdempotentTask(key = "t:{value}")
        <T> void typed(T value) {}
        """);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-key-unstable] key \"s:{values}\":" + " 'values' is a stream (Stream)")
        .inFile(source)
        .onLineContaining("key = \"s:{values}\"");
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-key-unstable] key \"t:{value}\":" + " 'value' has the type variable type T")
        .inFile(source)
        .onLineContaining("key = \"t:{value}\"");
  }

  @Test
  void keyWithoutParameters() {
    assertKeyError(
        "charge",
        "i4j-key-no-param",
        "key \"charge\" uses none of the parameters of Payments.charge(Order)",
        "such as \"charge:{order.id}\"");
  }

  @Test
  void constantKeyOnAMethodWithoutParametersIsFine() {
    Compilation compilation =
        TaskCompiler.compile(
            Fixtures.payments(
                """
        @IdempotentTask(key = "nightly-report")
        void report() {}
        """));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** Compiles {@code key} on {@code charge(Order order)} and pins each fragment to its line. */
  private static void assertKeyError(String key, String tag, String... fragments) {
    String annotation = "@IdempotentTask(key = \"" + key + "\")";
    JavaFileObject source = Fixtures.payments(annotation + "\nvoid charge(Order order) {}\n");
    Compilation compilation = TaskCompiler.compile(withDomain(source));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[" + tag + "] ")
        .inFile(source)
        .onLineContaining(annotation);
    for (String fragment : fragments) {
      assertThat(compilation)
          .hadErrorContaining(fragment)
          .inFile(source)
          .onLineContaining(annotation);
    }
  }

  static JavaFileObject[] withDomain(JavaFileObject source) {
    JavaFileObject[] all = new JavaFileObject[Fixtures.DOMAIN.length + 1];
    System.arraycopy(Fixtures.DOMAIN, 0, all, 0, Fixtures.DOMAIN.length);
    all[Fixtures.DOMAIN.length] = source;
    return all;
  }
}
