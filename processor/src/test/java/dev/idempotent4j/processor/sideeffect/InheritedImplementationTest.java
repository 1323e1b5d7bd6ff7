package dev.idempotent4j.processor.sideeffect;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A method inherited from an unmarked class that implements a side effect of the receiver's type
 * ({@code class Sub extends Base implements Statement}) is a side effect when called on that type.
 */
class InheritedImplementationTest {

  private static final JavaFileObject BASE =
      TaskCompiler.source(
          "pool.Base",
          """
          package pool;

          public class Base {
            public int executeUpdate() {
              return 1;
            }

            public void notifyUser(String id) {}
          }
          """);

  private static final JavaFileObject PROXY =
      TaskCompiler.source(
          "pool.Proxy",
          """
          package pool;

          import java.sql.PreparedStatement;

          public abstract class Proxy extends Base implements PreparedStatement {}
          """);

  private static final JavaFileObject NOTIFYING =
      TaskCompiler.source(
          "pool.NotifyingBase",
          """
          package pool;

          public class NotifyingBase extends Base implements test.Notifier {}
          """);

  @Test
  void listedInterfaceMethodImplementedByAnInheritedMethod() {
    JavaFileObject dao =
        TaskCompiler.source(
            "test.Dao",
            """
            package test;

            import pool.Base;
            import pool.Proxy;
            import java.util.function.IntSupplier;

            class Dao {
              int write(Proxy proxy) {
                return proxy.executeUpdate(); // via proxy
              }

              IntSupplier later(Proxy proxy) {
                return proxy::executeUpdate; // reference
              }

              int plain(Base base) {
                return base.executeUpdate();
              }
            }
            """);

    Compilation compilation =
        compile(List.of("-Aidempotent4j.sideEffects.libraries=jdbc"), BASE, PROXY, dao);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "Dao.write(Proxy) calls Base.executeUpdate(), a side effect (implements"
                + " PreparedStatement.executeUpdate() in Proxy, a side effect: listed in idempotent4j's"
                + " list \"jdbc\" line "
                + ShippedSideEffectListsTest.lineOf("jdbc", "java.sql.Statement#executeUpdate")
                + ": java.sql.Statement#executeUpdate)")
        .inFile(dao)
        .onLineContaining("// via proxy");
    assertThat(compilation)
        .hadErrorContaining("Dao.later(Proxy) calls Base.executeUpdate()")
        .inFile(dao)
        .onLineContaining("// reference");
  }

  @Test
  void annotatedInterfaceMethodImplementedByAnInheritedMethod() {
    JavaFileObject caller =
        TaskCompiler.source(
            "test.Caller",
            """
            package test;

            import pool.NotifyingBase;

            class Caller {
              void ping(NotifyingBase target) {
                target.notifyUser("u1");
              }
            }
            """);

    Compilation compilation =
        compile(List.of(), SideEffectSources.NOTIFIER, BASE, NOTIFYING, caller);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "Caller.ping(NotifyingBase) calls Base.notifyUser(String), a side effect (implements"
                + " Notifier.notifyUser(String) in NotifyingBase, a side effect: annotated"
                + " @SideEffect)")
        .inFile(caller)
        .onLineContaining("target.notifyUser(");
  }

  @Test
  void withoutTheListTheInheritedCallIsClean() {
    JavaFileObject dao =
        TaskCompiler.source(
            "test.Dao",
            """
            package test;

            import pool.Proxy;

            class Dao {
              int write(Proxy proxy) {
                return proxy.executeUpdate();
              }
            }
            """);

    assertThat(compile(List.of(), BASE, PROXY, dao)).succeededWithoutWarnings();
  }

  private static Compilation compile(List<String> extra, JavaFileObject... sources) {
    List<String> options = new ArrayList<>(TaskCompiler.LINT);
    options.addAll(extra);
    return TaskCompiler.compile(options, List.of(sources));
  }
}
