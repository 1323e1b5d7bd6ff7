package dev.idempotent4j.processor.sideeffect;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.idempotent4j.processor.sideeffect.SideEffectSources.compile;
import static dev.idempotent4j.processor.sideeffect.SideEffectSources.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Unkeyed calls to side effects are errors on the line of the call; sanctioned code is clean. */
class UnkeyedSideEffectTest {

  private static final String FIXES =
      "Fix one of: make order an @IdempotentTask with a key;"
          + " mark it @SideEffect so that its callers carry the duty; or annotate it"
          + " @AllowUnkeyed(\"why running it twice is safe\").";

  @Test
  void directCall() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          private final Mailer mailer = new Mailer();

          void order() {
            mailer.send("ann@example.com");
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-unkeyed-side-effect] Shop.order() calls Mailer.send(String), a"
                + " side effect (annotated @SideEffect), outside any keyed task: a retry or"
                + " redelivery runs it again. "
                + FIXES)
        .inFile(shop)
        .onLineContaining("mailer.send(");
  }

  @Test
  void lambda() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import java.util.List;

        class Shop {
          private final Mailer mailer = new Mailer();

          void order(List<String> recipients) {
            recipients.forEach(to -> mailer.send(to));
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Shop.order(List) calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("forEach");
  }

  @Test
  void methodReference() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import java.util.List;

        class Shop {
          private final Mailer mailer = new Mailer();

          void order(List<String> recipients) {
            recipients.stream()
                .map(String::trim)
                .forEach(mailer::send);
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[i4j-unkeyed-side-effect] Shop.order(List) calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("mailer::send");
  }

  @Test
  void anonymousAndLocalClassesCountAsTheirEnclosingMethod() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          private final Mailer mailer = new Mailer();

          Runnable later() {
            return new Runnable() {
              @Override
              public void run() {
                mailer.send("anonymous");
              }
            };
          }

          Runnable local() {
            class Reminder implements Runnable {
              @Override
              public void run() {
                mailer.send("local");
              }
            }
            return new Reminder();
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("Shop.later() calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("mailer.send(\"anonymous\")");
    assertThat(compilation)
        .hadErrorContaining("Shop.local() calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("mailer.send(\"local\")");
  }

  @Test
  void memberOfSideEffectType() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          void order() {
            Gateway.sandbox()
                .charge(100);
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "Shop.order() calls Gateway.charge(long), a side effect (Gateway is" + " @SideEffect)")
        .inFile(shop)
        .onLineContaining(".charge(100)");
    assertThat(compilation)
        .hadErrorContaining(
            "Shop.order() calls Gateway.sandbox(), a side effect (Gateway is" + " @SideEffect)")
        .inFile(shop)
        .onLineContaining("Gateway.sandbox()");
  }

  @Test
  void propagatesThroughSideEffectMethodIntoUnkeyedCaller() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import dev.idempotent4j.SideEffect;

        class Shop {
          private final Mailer mailer = new Mailer();

          @SideEffect
          void confirm(String to) {
            mailer.send(to);
          }

          void order() {
            confirm("ann@example.com");
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Shop.order() calls Shop.confirm(String), a side effect (annotated" + " @SideEffect)")
        .inFile(shop)
        .onLineContaining("confirm(\"ann@example.com\")");
  }

  @Test
  void overridingMethodIsASideEffectAndItsCallersAnswer() {
    JavaFileObject smtp =
        source(
            "SmtpNotifier",
            """
        package test;

        class SmtpNotifier implements Notifier {
          private final Mailer mailer = new Mailer();

          @Override
          public void notifyUser(String id) {
            mailer.send(id);
          }

          void welcome() {
            new SmtpNotifier().notifyUser("ann");
          }
        }
        """);

    Compilation compilation = compile(smtp);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "SmtpNotifier.welcome() calls SmtpNotifier.notifyUser(String), a side"
                + " effect (overrides Notifier.notifyUser(String), a side effect)")
        .inFile(smtp)
        .onLineContaining("notifyUser(\"ann\")");
  }

  @Test
  void newOfSideEffectConstructor() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import java.util.function.Function;

        class Shop {
          void order() {
            new Printer("receipt");
          }

          Function<String, Printer> printers() {
            return Printer::new;
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "Shop.order() calls constructor Printer(String), a side effect"
                + " (annotated @SideEffect)")
        .inFile(shop)
        .onLineContaining("new Printer(\"receipt\")");
    assertThat(compilation)
        .hadErrorContaining("Shop.printers() calls constructor Printer(String)")
        .inFile(shop)
        .onLineContaining("Printer::new");
  }

  @Test
  void subclassConstructorCallingSideEffectSuperConstructor() {
    JavaFileObject label =
        source(
            "LabelPrinter",
            """
        package test;

        class LabelPrinter extends Printer {
          LabelPrinter() {
            super("label");
          }
        }
        """);

    Compilation compilation = compile(label);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-unkeyed-side-effect-constructor] constructor LabelPrinter()"
                + " calls constructor Printer(String), a side effect (annotated @SideEffect), outside"
                + " any keyed task: every 'new' runs it again. Fix one of: move the call into an"
                + " @IdempotentTask method; mark the constructor @SideEffect")
        .inFile(label)
        .onLineContaining("super(\"label\")");
  }

  @Test
  void anonymousSubclassOfSideEffectConstructor() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          Object order() {
            return new Printer("anonymous") {
              @Override
              public String toString() {
                return "receipt";
              }
            };
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Shop.order() calls constructor Printer(String)")
        .inFile(shop)
        .onLineContaining("new Printer(\"anonymous\")");
  }

  @Test
  void implicitSuperCallCounts() {
    JavaFileObject spooler =
        source(
            "Spooler",
            """
        package test;

        import dev.idempotent4j.SideEffect;

        class Spooler {
          @SideEffect
          Spooler() {}
        }

        class NightSpooler extends Spooler {}
        """);

    Compilation compilation = compile(spooler);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-unkeyed-side-effect-constructor] constructor NightSpooler()"
                + " calls constructor Spooler(), a side effect (annotated @SideEffect)")
        .inFile(spooler)
        .onLineContaining("class NightSpooler");
  }

  @Test
  void fieldInitializerAndInitializerBlocks() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          private final Printer banner = new Printer("banner");
          private static final Printer STARTUP;

          static {
            STARTUP = new Printer("startup");
          }

          {
            new Mailer().send("instance block");
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-unkeyed-side-effect-initializer] the initializer of field"
                + " banner of Shop calls constructor Printer(String), a side effect (annotated"
                + " @SideEffect); initializers run on every construction or class load, outside any"
                + " key. Fix one of: move the call into an @IdempotentTask method; move it into a"
                + " constructor marked @SideEffect so that the code calling 'new' carries the duty;"
                + " or annotate class Shop @AllowUnkeyed(\"why running it twice is safe\").")
        .inFile(shop)
        .onLineContaining("new Printer(\"banner\")");
    assertThat(compilation)
        .hadErrorContaining("the static initializer of Shop calls constructor Printer(String)")
        .inFile(shop)
        .onLineContaining("new Printer(\"startup\")");
    assertThat(compilation)
        .hadErrorContaining("an instance initializer block of Shop calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("instance block");
  }

  @Test
  void buildingASideEffectTypeIsNotASideEffect() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          private final Gateway gateway = new Gateway();
          private final Printer idle = new Printer();
          private final Mailer mailer = new Mailer();

          String preview(String to) {
            return mailer.format(to) + new Notifier() {
              @Override
              public void notifyUser(String id) {}
            }.channel();
          }
        }
        """);

    assertThat(compile(shop)).succeededWithoutWarnings();
  }

  @Test
  void keyedTasksAndSideEffectsAndSanctionedCodeCompileClean() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import dev.idempotent4j.AllowUnkeyed;
        import dev.idempotent4j.IdempotentTask;
        import dev.idempotent4j.SideEffect;
        import java.util.List;

        class Shop {
          private final Mailer mailer = new Mailer();
          private final Gateway gateway = new Gateway();

          @IdempotentTask(key = "order:{orderId}")
          public void order(String orderId, List<String> recipients) {
            gateway.charge(100);
            recipients.forEach(to -> mailer.send(to));
            recipients.forEach(mailer::send);
            new Runnable() {
              @Override
              public void run() {
                confirm(orderId);
              }
            }.run();
          }

          @SideEffect
          void confirm(String to) {
            mailer.send(to);
            gateway.charge(1);
            new Printer("receipt");
          }

          @SideEffect
          void confirmTwice(String to) {
            confirm(to);
            confirm(to);
          }

          @AllowUnkeyed("health check: a second ping is harmless")
          void ping() {
            mailer.send("ops@example.com");
          }
        }
        """);
    JavaFileObject ops =
        source(
            "Ops",
            """
        package test;

        import dev.idempotent4j.AllowUnkeyed;

        @AllowUnkeyed("operator console: every action is confirmed by a human")
        class Ops {
          private final Printer printer = new Printer("console");

          void resend(Mailer mailer) {
            mailer.send("ops@example.com");
          }
        }
        """);

    assertThat(compile(shop, ops)).succeededWithoutWarnings();
  }

  @Test
  void allowUnkeyedMemberOfSideEffectTypeIsNotASideEffect() {
    JavaFileObject terminal =
        source(
            "Terminal",
            """
        package test;

        import dev.idempotent4j.AllowUnkeyed;
        import dev.idempotent4j.SideEffect;

        @SideEffect
        class Terminal {
          private int charges;

          void charge() {
            charges++;
          }

          @AllowUnkeyed("reads a counter: calling it twice changes nothing")
          int charges() {
            return charges;
          }
        }

        class Report {
          static void main(String[] args) {
            System.out.println(new Terminal().charges());
          }

          void rerun(Terminal terminal) {
            terminal.charge();
          }
        }
        """);

    Compilation compilation = compile(terminal);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Report.rerun(Terminal) calls Terminal.charge()")
        .inFile(terminal)
        .onLineContaining("terminal.charge()");
  }

  @Test
  void arrayParametersAreNamedAsWritten() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          public static void main(String[] args) {
            new Mailer().send(args[0]);
          }
        }
        """);

    assertThat(compile(shop))
        .hadErrorContaining("Shop.main(String[]) calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("send(args[0])");
  }

  @Test
  void blankReasonIsAnErrorOnTheAnnotation() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import dev.idempotent4j.AllowUnkeyed;

        class Shop {
          @AllowUnkeyed("  ")
          void ping(Mailer mailer) {
            mailer.send("ops@example.com");
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-allow-unkeyed-blank] @AllowUnkeyed on Shop.ping(Mailer) has a"
                + " blank reason. Write why running this code without a key is safe, e.g."
                + " @AllowUnkeyed(\"health check: a second ping is harmless\").")
        .inFile(shop)
        .onLineContaining("@AllowUnkeyed(\"  \")");
  }

  @Test
  void warningModeReportsWarningsAndCompiles() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          void order(Mailer mailer) {
            mailer.send("ann@example.com");
          }
        }
        """);

    Compilation compilation = compile(List.of("-Aidempotent4j.sideEffects=warn"), shop);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[i4j-unkeyed-side-effect] Shop.order(Mailer) calls" + " Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("mailer.send(");
  }

  @Test
  void warningModeKeepsBlankReasonsErrors() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import dev.idempotent4j.AllowUnkeyed;

        @AllowUnkeyed("")
        class Shop {
          void order(Mailer mailer) {
            mailer.send("ann@example.com");
          }
        }
        """);

    Compilation compilation = compile(List.of("-Aidempotent4j.sideEffects=warn"), shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[i4j-allow-unkeyed-blank] @AllowUnkeyed on Shop has a blank reason")
        .inFile(shop)
        .onLineContaining("@AllowUnkeyed(\"\")");
  }

  @Test
  void defaultMethodsAreJudgedWhereDeclared() {
    JavaFileObject courier =
        source(
            "Courier",
            """
        package test;

        import dev.idempotent4j.SideEffect;

        @SideEffect
        interface Courier {
          default void dispatch(String parcel) {}
        }

        interface Labelled {
          default String label() {
            return "parcel";
          }
        }

        @SideEffect
        class Van implements Courier, Labelled {}

        class Depot {
          String prepare(Van van) {
            return van.label() + van.hashCode();
          }

          void ship(Van van) {
            van.dispatch("box");
          }
        }
        """);

    Compilation compilation = compile(courier);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Depot.ship(Van) calls Courier.dispatch(String), a side effect"
                + " (Courier is @SideEffect)")
        .inFile(courier)
        .onLineContaining("van.dispatch(");
  }

  @Test
  void offModeChecksNothing() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          void order(Mailer mailer) {
            mailer.send("ann@example.com");
          }
        }
        """);

    assertThat(compile(List.of("-Aidempotent4j.sideEffects=off"), shop)).succeededWithoutWarnings();
  }

  @Test
  void unknownModeIsAnError() {
    Compilation compilation = compile(List.of("-Aidempotent4j.sideEffects=loud"));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-side-effect-mode] -Aidempotent4j.sideEffects=loud is not a mode"
                + " of the side-effect check. Use error (the default), warn");
  }

  @Test
  void silentWhenJavacReportedErrors() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        class Shop {
          void order(Mailer mailer) {
            mailer.send("ann@example.com");
          }

          int broken() {
            return "not a number";
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("incompatible types");
  }

  @Test
  void reportsEveryClassNotOnlyTheFirst() {
    JavaFileObject first =
        source(
            "First",
            """
        package test;

        class First {
          void a(Mailer mailer) {
            mailer.send("first");
          }
        }
        """);
    JavaFileObject second =
        source(
            "Second",
            """
        package test;

        class Second {
          void b(Mailer mailer) {
            mailer.send("second");
          }
        }
        """);

    Compilation compilation = compile(first, second);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("First.a(Mailer)")
        .inFile(first)
        .onLineContaining("mailer.send");
    assertThat(compilation)
        .hadErrorContaining("Second.b(Mailer)")
        .inFile(second)
        .onLineContaining("mailer.send");
  }

  @Test
  void callsThroughUnmarkedInterfacesAndGenericReceivers() {
    JavaFileObject shop =
        source(
            "Shop",
            """
        package test;

        import dev.idempotent4j.SideEffect;
        import java.util.function.Consumer;

        class Shop {
          interface Sink {
            void accept(String value);
          }

          static final class MailSink implements Sink {
            @Override
            @SideEffect
            public void accept(String value) {
              new Mailer().send(value);
            }
          }

          void viaInterface(Sink sink) {
            sink.accept("not flagged: Sink.accept is not marked");
          }

          <T extends Mailer> void viaGeneric(T mailer, Consumer<T> use) {
            mailer.send("generic");
          }
        }
        """);

    Compilation compilation = compile(shop);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("Shop.viaGeneric(T, Consumer) calls Mailer.send(String)")
        .inFile(shop)
        .onLineContaining("\"generic\"");
  }
}
