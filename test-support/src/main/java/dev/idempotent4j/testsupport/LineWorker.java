package dev.idempotent4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The forked side of {@link LineJvm}'s line protocol, for a worker's {@code main}: says {@code
 * ready <pid>}, then reads one command a line from stdin and hands its words to the worker; a
 * command that throws is answered {@code error <type> <message>}. Answers are whole lines, from any
 * thread.
 *
 * <pre>{@code
 * public static void main(String[] args) throws IOException {
 *   LineWorker.serve((words, line) -> {
 *     switch (words[0]) {
 *       case "configure" -> {
 *         Idempotency.configure(LineWorker.settings(words));
 *         LineWorker.reply("ok");
 *       }
 *       case "exit" -> {
 *         return false;
 *       }
 *       default -> LineWorker.reply("error unknown-command " + line);
 *     }
 *     return true;
 *   });
 * }
 * }</pre>
 */
public final class LineWorker {

  /** One command line: its words (the first names the command) and the line itself. */
  @FunctionalInterface
  public interface Command {
    /** Runs it; false ends the worker's loop. */
    boolean run(String[] words, String line) throws Exception;
  }

  private static final ReentrantLock OUT = new ReentrantLock();

  private LineWorker() {}

  /** Serves commands until stdin ends or a command returns false. */
  public static void serve(Command command) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    reply("ready " + ProcessHandle.current().pid());
    String line;
    while ((line = in.readLine()) != null) {
      try {
        if (!command.run(line.trim().split(" ", -1), line)) {
          return;
        }
      } catch (Exception e) {
        reply("error " + e.getClass().getName() + " " + e.getMessage());
      }
    }
  }

  /** Writes one answer line; whole lines only, from any thread. */
  public static void reply(String line) {
    OUT.lock();
    try {
      System.out.println(line);
      System.out.flush();
    } finally {
      OUT.unlock();
    }
  }

  /** The {@code name=value} words after the command's name, as settings. */
  public static Map<String, String> settings(String[] words) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      settings.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    return settings;
  }
}
