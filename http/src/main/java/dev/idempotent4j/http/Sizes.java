package dev.idempotent4j.http;

import java.util.Locale;

/** Byte sizes in init parameters: {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 2MB}. */
final class Sizes {
  private Sizes() {}

  /**
   * @throws IllegalArgumentException naming the value if it is not a size from 0 to 1 GiB
   */
  static int parse(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"KB", "1000"}, {"MB", "1000000"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).strip();
        break;
      }
    }
    try {
      long bytes = Math.multiplyExact(Long.parseLong(t), unit);
      return check(bytes, text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "size '" + text + "' is not a number of bytes (1048576, 512KiB, 1MiB, 2MB)", e);
    }
  }

  static int check(long bytes, Object shown) {
    if (bytes < 0 || bytes > (1L << 30)) {
      throw new IllegalArgumentException("size " + shown + " is not between 0 and 1 GiB");
    }
    return (int) bytes;
  }
}
