package dev.idempotent4j.benchmarks.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the commands that clients send to a Redis, by name, through {@code MONITOR}: each one a
 * round trip of a client that waits for its answer. Commands that Lua scripts call inside the
 * server show as {@code [0 lua]} and are not counted ({@code INFO commandstats} counts them, which
 * is why it cannot tell round trips). A window is delimited by two {@code ECHO} markers sent on a
 * connection of its own, so commands from before or after it never count.
 *
 * <pre>{@code
 * try (RedisMonitor monitor = RedisMonitor.open(uri)) {
 *   monitor.begin();
 *   run(500);
 *   Map<String, Integer> commands = monitor.end();
 * }
 * }</pre>
 */
final class RedisMonitor implements AutoCloseable {

  static final String BEGIN = "i4j-roundtrips-begin";
  static final String END = "i4j-roundtrips-end";

  private final Socket socket;
  private final BufferedReader in;
  private final Socket control;

  private RedisMonitor(Socket socket, Socket control) throws IOException {
    this.socket = socket;
    this.control = control;
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  static RedisMonitor open(String uri) {
    try {
      Socket socket = connect(uri);
      send(socket, "MONITOR");
      RedisMonitor monitor = new RedisMonitor(socket, connect(uri));
      String ok = monitor.in.readLine();
      if (!"+OK".equals(ok)) {
        throw new IllegalStateException("MONITOR answered " + ok);
      }
      return monitor;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the window. */
  void begin() {
    mark(BEGIN);
  }

  /** Closes the window; returns the client commands sent inside it, counted by name. */
  Map<String, Integer> end() {
    mark(END);
    Map<String, Integer> counts = new TreeMap<>();
    boolean inWindow = false;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open);
        if (open < 0 || close < 0) {
          continue;
        }
        String source = line.substring(open + 1, close);
        String command = line.substring(close + 1).trim();
        if (command.contains(BEGIN)) {
          inWindow = true;
          continue;
        }
        if (command.contains(END)) {
          return counts;
        }
        if (!inWindow || source.endsWith("lua")) {
          continue;
        }
        int nameEnd = command.indexOf('"', 1);
        String name = command.substring(1, nameEnd).toUpperCase(java.util.Locale.ROOT);
        counts.merge(name, 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("MONITOR closed before the end marker");
  }

  private void mark(String marker) {
    try {
      send(control, "ECHO", marker);
      // The answer is a bulk string, "$<length>\r\n<marker>\r\n": read exactly two lines.
      for (int newlines = 0; newlines < 2; ) {
        int b = control.getInputStream().read();
        if (b < 0) {
          throw new IllegalStateException("Redis closed the marker connection");
        }
        if (b == '\n') {
          newlines++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Socket connect(String uri) throws IOException {
    URI parsed = URI.create(uri);
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(parsed.getHost(), parsed.getPort()), 5_000);
    socket.setSoTimeout(30_000);
    return socket;
  }

  private static void send(Socket socket, String... words) throws IOException {
    StringBuilder command = new StringBuilder().append('*').append(words.length).append("\r\n");
    for (String word : words) {
      command.append('$').append(word.length()).append("\r\n").append(word).append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(command.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() {
    try {
      control.close();
      socket.close();
    } catch (IOException e) {
      // closing a monitor connection we no longer read: nothing to recover
    }
  }
}
