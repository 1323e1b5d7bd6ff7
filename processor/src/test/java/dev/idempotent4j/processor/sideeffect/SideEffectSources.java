package dev.idempotent4j.processor.sideeffect;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/** The side effects the checker tests call; compiled through {@link TaskCompiler}. */
final class SideEffectSources {

  /** A class with one annotated side effect and one pure method. */
  static final JavaFileObject MAILER =
      TaskCompiler.source(
          "test.Mailer",
          """
      package test;

      import dev.idempotent4j.SideEffect;

      public class Mailer {
        @SideEffect
        public void send(String to) {}

        public String format(String to) {
          return "<" + to + ">";
        }
      }
      """);

  /** A side-effect type: its methods are side effects, its constructor is not. */
  static final JavaFileObject GATEWAY =
      TaskCompiler.source(
          "test.Gateway",
          """
      package test;

      import dev.idempotent4j.SideEffect;

      @SideEffect
      public class Gateway {
        public Gateway() {}

        public void charge(long cents) {}

        public static Gateway sandbox() {
          return new Gateway();
        }
      }
      """);

  /** A class whose construction is the side effect. */
  static final JavaFileObject PRINTER =
      TaskCompiler.source(
          "test.Printer",
          """
      package test;

      import dev.idempotent4j.SideEffect;

      public class Printer {
        @SideEffect
        public Printer(String job) {}

        public Printer() {}
      }
      """);

  /** An interface whose method is marked: every implementation is a side effect too. */
  static final JavaFileObject NOTIFIER =
      TaskCompiler.source(
          "test.Notifier",
          """
      package test;

      import dev.idempotent4j.SideEffect;

      public interface Notifier {
        @SideEffect
        void notifyUser(String id);

        default String channel() {
          return "mail";
        }
      }
      """);

  private SideEffectSources() {}

  /** Compiles {@code sources} plus the fixtures above with the processor and {@code options}. */
  static Compilation compile(List<String> options, JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(List.of(MAILER, GATEWAY, PRINTER, NOTIFIER));
    all.addAll(Arrays.asList(sources));
    return TaskCompiler.compile(options, all);
  }

  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  static JavaFileObject source(String className, String text) {
    return TaskCompiler.source("test." + className, text);
  }
}
