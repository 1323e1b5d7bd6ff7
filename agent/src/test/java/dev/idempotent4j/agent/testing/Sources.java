package dev.idempotent4j.agent.testing;

/** Java sources that tests compile at run time. */
public final class Sources {

  private Sources() {}

  /** {@code demo.Mailer}: tasks of every kind (instance, static, private behind a self-call). */
  public static final String MAILER_NAME = "demo.Mailer";

  public static final String MAILER =
      """
      package demo;

      import dev.idempotent4j.IdempotentTask;

      public class Mailer {
        public static int runs;

        @IdempotentTask(key = "welcome:{user}")
        public String welcome(String user) {
          runs++;
          return "sent " + user;
        }

        @IdempotentTask(key = "static:{user}")
        public static void staticSend(String user) {
          runs++;
        }

        @IdempotentTask(key = "private:{user}")
        private long privateSend(String user) {
          runs++;
          return 1L;
        }

        public long callsPrivate(String user) {
          return privateSend(user);
        }

        public String plain(String user) {
          runs++;
          return "plain " + user;
        }
      }
      """;
}
