package dev.idempotent4j.processor.sideeffect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The side-effect lists that ship inside the processor jar, one per library, in the format {@link
 * SideEffectList} reads. A user enables them by name; none is on by default.
 *
 * <pre>{@code
 * // -Aidempotent4j.sideEffects.libraries=jdbc,kafka
 * String text = ShippedLists.text("jdbc");   // java.sql.Statement#executeUpdate ...
 * }</pre>
 *
 * <p>Each list is the resource {@code lists/<name>} beside this class; its comments explain every
 * entry and what was left out. {@code docs/side-effects.md} documents them for users.
 */
final class ShippedLists {

  /** The names a user may give, in the order the error message and the docs show them. */
  static final List<String> NAMES =
      List.of(
          "jdbc", "http-client", "spring-web", "spring-mail", "jakarta-mail", "kafka", "aws-sdk");

  private ShippedLists() {}

  /** Whether {@code name} is one of {@link #NAMES}. */
  static boolean isKnown(String name) {
    return NAMES.contains(name);
  }

  /** How a diagnostic names the list: {@code listed in idempotent4j's list "jdbc" line 4: ...}. */
  static String source(String name) {
    return "idempotent4j's list \"" + name + "\"";
  }

  /**
   * The text of the shipped list {@code name}, one of {@link #NAMES}.
   *
   * @throws UncheckedIOException when the resource is missing: a broken processor jar
   */
  static String text(String name) {
    if (!isKnown(name)) {
      throw new IllegalArgumentException("not a shipped side-effect list: " + name);
    }
    try (InputStream in = ShippedLists.class.getResourceAsStream("lists/" + name)) {
      if (in == null) {
        throw new IOException("resource lists/" + name + " is missing from the processor jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
