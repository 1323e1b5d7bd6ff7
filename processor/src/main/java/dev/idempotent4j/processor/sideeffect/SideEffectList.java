package dev.idempotent4j.processor.sideeffect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The project's list of third-party side effects: code the user cannot annotate, such as {@code
 * HttpClient.send} or a vendor's mail client. Pure: parses text, matches names, knows no javac.
 *
 * <pre>{@code
 * # comments start with '#'; one entry per line
 * java.net.http.HttpClient#send*      # send and sendAsync
 * com.acme.mail.MailClient            # every method of the type (not its constructors)
 * java.sql.Statement#execute*         # also PreparedStatement.executeUpdate(): subtypes count
 * java.io.FileOutputStream#<init>     # constructors only when named <init>
 * }</pre>
 *
 * <p>A type part matches a method's declaring type or any of that type's supertypes (so an entry
 * for an interface covers its implementations); {@code <init>} matches constructors of exactly that
 * type. {@code *} matches any run of characters, dots included. Nested types are written with dots
 * ({@code Outer.Inner}), as in Java source.
 */
final class SideEffectList {

  private static final Pattern TYPE_PATTERN =
      Pattern.compile(
          "[\\p{javaJavaIdentifierStart}*][\\p{javaJavaIdentifierPart}*]*"
              + "(\\.[\\p{javaJavaIdentifierStart}*][\\p{javaJavaIdentifierPart}*]*)*");
  private static final Pattern MEMBER_PATTERN =
      Pattern.compile("<init>|[\\p{javaJavaIdentifierStart}*][\\p{javaJavaIdentifierPart}*]*");

  private final List<Entry> entries;

  private SideEffectList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static SideEffectList empty() {
    return new SideEffectList(List.of());
  }

  /**
   * Parses one list file. Every bad line becomes a {@link SyntaxError}; the good lines still count,
   * so that one typo does not hide every other side effect.
   */
  static Parsed parse(String source, String text) {
    List<Entry> entries = new ArrayList<>();
    List<SyntaxError> errors = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int lineNumber = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+", 2);
      String entry = words[0];
      if (words.length > 1 && !words[1].startsWith("#")) {
        errors.add(
            new SyntaxError(
                source,
                lineNumber,
                line,
                "one entry per line; a trailing comment starts with '#' after a space"));
        continue;
      }
      String problem = problemOf(entry);
      if (problem != null) {
        errors.add(new SyntaxError(source, lineNumber, entry, problem));
        continue;
      }
      int hash = entry.indexOf('#');
      String type = hash < 0 ? entry : entry.substring(0, hash);
      String member = hash < 0 ? "*" : entry.substring(hash + 1);
      entries.add(
          new Entry(
              source,
              lineNumber,
              entry,
              glob(type),
              member.equals("<init>") ? null : glob(member)));
    }
    return new Parsed(entries, errors);
  }

  /** Why {@code entry} is not well formed, or null. */
  private static String problemOf(String entry) {
    int hash = entry.indexOf('#');
    if (hash != entry.lastIndexOf('#')) {
      return "more than one '#'";
    }
    String type = hash < 0 ? entry : entry.substring(0, hash);
    if (type.isEmpty()) {
      return "no type before '#'";
    }
    if (!TYPE_PATTERN.matcher(type).matches()) {
      return "\""
          + type
          + "\" is not a qualified type name (letters, digits, '_', '$', '.' and"
          + " '*' only; no empty segments)";
    }
    if (hash >= 0) {
      String member = entry.substring(hash + 1);
      if (member.isEmpty()) {
        return "no member after '#' (write Type#* for every method, or just Type)";
      }
      if (member.contains("(")) {
        return "parameter lists are not supported: an entry covers every overload of a name";
      }
      if (!MEMBER_PATTERN.matcher(member).matches()) {
        return "\"" + member + "\" is not a method name pattern or <init>";
      }
    }
    return null;
  }

  /** Turns a simple wildcard pattern into a regex: {@code *} is any run of characters. */
  static Pattern glob(String text) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int star = text.indexOf('*'); star >= 0; star = text.indexOf('*', start)) {
      regex.append(Pattern.quote(text.substring(start, star))).append(".*");
      start = star + 1;
    }
    regex.append(Pattern.quote(text.substring(start)));
    return Pattern.compile(regex.toString());
  }

  /** A list holding this list's entries and then {@code more}. */
  SideEffectList with(List<Entry> more) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(more);
    return new SideEffectList(all);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The entry naming method {@code name} when declared in a type whose own or supertypes' qualified
   * names are {@code typeNames}, or null.
   */
  Entry matchMethod(Iterable<String> typeNames, String name) {
    for (Entry entry : entries) {
      if (entry.isConstructor() || !entry.member().matcher(name).matches()) {
        continue;
      }
      for (String typeName : typeNames) {
        if (entry.type().matcher(typeName).matches()) {
          return entry;
        }
      }
    }
    return null;
  }

  /** The entry naming the constructors of {@code typeName} ({@code Type#<init>}), or null. */
  Entry matchConstructor(String typeName) {
    for (Entry entry : entries) {
      if (entry.isConstructor() && entry.type().matcher(typeName).matches()) {
        return entry;
      }
    }
    return null;
  }

  /**
   * One well-formed line: where it came from, its text, and its compiled patterns ({@code member}
   * is null for a {@code Type#<init>} entry).
   */
  record Entry(String source, int line, String text, Pattern type, Pattern member) {
    boolean isConstructor() {
      return member == null;
    }

    /** How a diagnostic names this entry: {@code listed in <file> line 3: java.net.Socket#*}. */
    String describe() {
      return "listed in " + source + " line " + line + ": " + text;
    }
  }

  /** One bad line of a list file. */
  record SyntaxError(String source, int line, String entry, String problem) {}

  /** The result of parsing one file: the good entries and the bad lines. */
  record Parsed(List<Entry> entries, List<SyntaxError> errors) {}
}
