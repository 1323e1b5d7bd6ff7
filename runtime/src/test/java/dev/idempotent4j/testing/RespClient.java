package dev.idempotent4j.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, blocking Redis client for the fixture and for tests that need to look at or plant raw
 * values (garbage under a key, {@code DUMP} to compare bytes) without going through the code under
 * test. Not thread-safe; one per test thread.
 *
 * <pre>{@code
 * try (RespClient redis = server.client()) {
 *   redis.call("SET", "{i4j:Payments.charge:42}", "garbage");
 *   byte[] dump = redis.callBytes("DUMP", "{i4j:Payments.charge:42}");
 * }
 * }</pre>
 *
 * <p>Replies: simple strings and bulk strings as {@link String} (UTF-8), integers as {@link Long},
 * arrays as {@link List}, nil as {@code null}; an error reply throws {@link RedisError}.
 */
public final class RespClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** Connects to {@code 127.0.0.1:port}; every read waits at most {@code timeoutMillis}. */
  public RespClient(int port, int timeoutMillis) {
    try {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot connect to redis-server on port " + port, e);
    }
  }

  /** Sends one command and returns its reply (see the class comment for the types). */
  public Object call(String... args) {
    byte[][] raw = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return decode(callRaw(raw));
  }

  /**
   * How many times the server ran {@code command} (lower case) since start-up or the last {@code
   * CONFIG RESETSTAT}, the calls that scripts made included: its {@code INFO commandstats} count, 0
   * when it never ran.
   */
  public long commandCalls(String command) {
    String prefix = "cmdstat_" + command + ":calls=";
    for (String line : ((String) call("INFO", "commandstats")).split("\r?\n")) {
      if (line.startsWith(prefix)) {
        int end = line.indexOf(',', prefix.length());
        return Long.parseLong(line.substring(prefix.length(), end < 0 ? line.length() : end));
      }
    }
    return 0;
  }

  /** Sends one command and returns a bulk-string reply as raw bytes ({@code null} for nil). */
  public byte[] callBytes(String... args) {
    byte[][] raw = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    Object reply = callRaw(raw);
    if (reply != null && !(reply instanceof byte[])) {
      throw new IllegalStateException("Not a bulk reply: " + decode(reply));
    }
    return (byte[]) reply;
  }

  /** Sends a command whose arguments are raw bytes, e.g. {@code RESTORE} or binary garbage. */
  public Object callRaw(byte[]... args) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      buffer.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (byte[] arg : args) {
        buffer.write(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        buffer.write(arg);
        buffer.write('\r');
        buffer.write('\n');
      }
      out.write(buffer.toByteArray());
      out.flush();
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + socket.getPort() + " failed", e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a socket to a test server: nothing to do
    }
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("redis-server closed the connection");
    }
    String line = line();
    switch (type) {
      case '+':
        return line.getBytes(StandardCharsets.UTF_8);
      case '-':
        throw new RedisError(line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] data = in.readNBytes(length);
          in.readNBytes(2);
          return data;
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            try {
              items.add(read());
            } catch (RedisError e) {
              items.add(e);
            }
          }
          return items;
        }
      default:
        throw new IOException("Not a RESP reply type: " + (char) type);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new EOFException("redis-server closed the connection");
      }
      line.write(b);
    }
    in.read(); // '\n'
    return line.toString(StandardCharsets.UTF_8);
  }

  private static Object decode(Object raw) {
    if (raw instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (raw instanceof List<?> list) {
      List<Object> decoded = new ArrayList<>(list.size());
      for (Object item : list) {
        decoded.add(decode(item));
      }
      return decoded;
    }
    return raw;
  }

  /** An error reply from Redis ({@code -ERR ...}). */
  public static final class RedisError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RedisError(String message) {
      super(message);
    }
  }
}
