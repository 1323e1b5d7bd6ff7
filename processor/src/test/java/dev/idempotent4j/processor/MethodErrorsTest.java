package dev.idempotent4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Methods that cannot be woven, and results that cannot be stored. */
class MethodErrorsTest {

  @Test
  void abstractMethod() {
    JavaFileObject source =
        TaskCompiler.source(
            "com.acme.Payments",
            """
        package com.acme;

        import dev.idempotent4j.IdempotentTask;

        public abstract class Payments {
          @IdempotentTask(key = "charge:{id}")
          abstract void charge(long id);
        }
        """);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-method-abstract] Payments.charge(long) has no body to run once:"
                + " it is abstract. Put @IdempotentTask on the method that implements it.")
        .inFile(source)
        .onLineContaining("@IdempotentTask(key = \"charge:{id}\")");
  }

  @Test
  void interfaceMethodWithoutBody() {
    JavaFileObject source =
        TaskCompiler.source(
            "com.acme.Payments",
            """
        package com.acme;

        import dev.idempotent4j.IdempotentTask;

        public interface Payments {
          @IdempotentTask(key = "charge:{id}")
          void charge(long id);

          @IdempotentTask(key = "refund:{id}")
          default void refund(long id) {}
        }
        """);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-method-abstract] Payments.charge(long) has no body to run once:"
                + " it is an interface method without a default body")
        .inFile(source)
        .onLineContaining("@IdempotentTask(key = \"charge:{id}\")");
  }

  @Test
  void nativeMethod() {
    assertMethodError(
        "@IdempotentTask(key = \"charge:{id}\")\nnative void charge(long id);\n",
        "@IdempotentTask(key = \"charge:{id}\")",
        "[i4j-method-native] Payments.charge(long) is native");
  }

  @Test
  void methodOfAnAnonymousClass() {
    assertMethodError(
        """
        Runnable job = new Runnable() {
          @Override
          public void run() {}

          @IdempotentTask(key = "job:{id}")
          void charge(long id) {}
        };
        """,
        "@IdempotentTask(key = \"job:{id}\")",
        "[i4j-method-local-class] charge(long) is declared in an anonymous class");
  }

  @Test
  void methodOfALocalClass() {
    assertMethodError(
        """
        void run() {
          class Job {
            @IdempotentTask(key = "job:{id}")
            void charge(long id) {}
          }
          new Job().charge(1);
        }
        """,
        "@IdempotentTask(key = \"job:{id}\")",
        "[i4j-method-local-class] Job.charge(long) is declared in the local class Job, which"
            + " generated code cannot name. Move the method to a top-level or member class.");
  }

  @Test
  void streamResult() {
    assertMethodError(
        """
        @IdempotentTask(key = "lines:{id}")
        Stream<String> lines(long id) {
          return Stream.of("a");
        }
        """,
        "@IdempotentTask(key = \"lines:{id}\")",
        "[i4j-return-unstorable] Payments.lines(long) returns Stream<String>, a stream that"
            + " cannot be stored and handed to duplicates. Return a record or an id");
  }

  @Test
  void iteratorInputStreamAndLazyIterableResults() {
    assertMethodError(
        """
        @IdempotentTask(key = "it:{id}")
        Iterator<String> it(long id) {
          return null;
        }
        """,
        "@IdempotentTask(key = \"it:{id}\")",
        "returns Iterator<String>, an iterator");
    assertMethodError(
        """
        @IdempotentTask(key = "open:{id}")
        InputStream open(long id) {
          return null;
        }
        """,
        "@IdempotentTask(key = \"open:{id}\")",
        "returns InputStream, an I/O stream");
    assertMethodError(
        """
        @IdempotentTask(key = "lazy:{id}")
        Iterable<String> lazy(long id) {
          return null;
        }
        """,
        "@IdempotentTask(key = \"lazy:{id}\")",
        "an Iterable that is not a Collection");
    assertMethodError(
        """
        @IdempotentTask(key = "conn:{id}")
        java.sql.Connection conn(long id) {
          return null;
        }
        """,
        "@IdempotentTask(key = \"conn:{id}\")",
        "a JDBC connection");
  }

  @Test
  void asyncResultIsCheckedByItsValueType() {
    assertMethodError(
        """
        @IdempotentTask(key = "lines:{id}")
        CompletableFuture<Stream<String>> lines(long id) {
          return null;
        }
        """,
        "@IdempotentTask(key = \"lines:{id}\")",
        "[i4j-return-unstorable] Payments.lines(long) returns Stream<String>, a stream");
  }

  @Test
  void resultsTheCodecCannotStoreNameTheTypeAndTheFix() {
    assertMethodError(
        """
        static final class Ledger {
          long balance;
        }

        @IdempotentTask(key = "ledger:{id}")
        Ledger ledger(long id) {
          return new Ledger();
        }
        """,
        "@IdempotentTask(key = \"ledger:{id}\")",
        "[i4j-return-codec] the result of Payments.ledger(long) cannot be stored:"
            + " com.acme.Payments.Ledger cannot be stored (its field 'balance' would not be"
            + " stored: no constructor parameter and no setter with a getter is named balance)."
            + " Add a constructor parameter or a setter (and a getter) named balance, or mark the"
            + " field transient if it is derived.");
    assertMethodError(
        """
        static final class Statement {
          private final long total;
          Statement(long sum) { this.total = sum; }
          public long getTotal() { return total; }
        }

        @IdempotentTask(key = "statement:{id}")
        Statement statement(long id) {
          return new Statement(id);
        }
        """,
        "@IdempotentTask(key = \"statement:{id}\")",
        "[i4j-return-codec] the result of Payments.statement(long) cannot be stored:"
            + " com.acme.Payments.Statement cannot be stored (it is a class with neither a"
            + " constructor whose parameters all name readable properties (getters or fields of"
            + " the same name and type) nor a no-arg constructor with setters, so it could not be"
            + " rebuilt). Add a constructor whose parameter names match its getters or fields, or"
            + " a public no-arg constructor and setters (Lombok: @Value or @Data); or make it a"
            + " record.");
    assertMethodError(
        """
        sealed interface Event permits Opened, Typed {}
        record Opened(String id) implements Event {}
        record Typed(String type) implements Event {}

        @IdempotentTask(key = "event:{id}")
        Event event(long id) {
          return new Opened("o");
        }
        """,
        "@IdempotentTask(key = \"event:{id}\")",
        "[i4j-return-codec] the result of Payments.event(long) cannot be stored:"
            + " Event(Typed): com.acme.Payments.Typed cannot be stored (it has a component named"
            + " 'type', the field that carries the subtype's tag in the stored object). Rename the"
            + " component.");
    assertMethodError(
        """
        record Entry(java.util.Iterator<String> lines) {}

        @IdempotentTask(key = "entry:{id}")
        Entry entry(long id) {
          return null;
        }
        """,
        "@IdempotentTask(key = \"entry:{id}\")",
        "Entry.lines: java.util.Iterator<java.lang.String> cannot be stored");
  }

  @Test
  void oneBadTaskDoesNotHideTheOthersErrors() {
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(key = "a:{ida}")
        void a(long id) {}

        @IdempotentTask(key = "b:{idb}")
        void b(long id) {}
        """);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("'ida' is not a parameter")
        .inFile(source)
        .onLineContaining("key = \"a:{ida}\"");
    assertThat(compilation)
        .hadErrorContaining("'idb' is not a parameter")
        .inFile(source)
        .onLineContaining("key = \"b:{idb}\"");
  }

  private static void assertMethodError(String body, String line, String message) {
    JavaFileObject source = Fixtures.payments(body);
    Compilation compilation = TaskCompiler.compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }
}
