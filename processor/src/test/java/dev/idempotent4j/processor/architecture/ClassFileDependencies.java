package dev.idempotent4j.processor.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependency graph of a directory of compiled classes, read from the class files' own
 * constant pools: no library, nothing loaded. Every class a class file names (its superclass,
 * interfaces, fields, method signatures, generic signatures, annotations, the classes its code
 * uses) appears in a {@code CONSTANT_Utf8} entry as {@code pkg/Name} or {@code Lpkg/Name;}, so a
 * scan of those entries for names under {@code root} finds every edge javac compiled in.
 *
 * <pre>{@code
 * Map<String, Set<String>> graph =
 *     ClassFileDependencies.packageGraph(Path.of("target/classes"), "dev.idempotent4j.processor");
 * // {dev.idempotent4j.processor=[...check, ...generate], ...check=[...model, ...lang], ...}
 * }</pre>
 *
 * <p>Self-contained on purpose, so that another module can copy it next to its own cycle test.
 */
final class ClassFileDependencies {

  private static final int MAGIC = 0xCAFEBABE;

  private ClassFileDependencies() {}

  /**
   * For each package under {@code rootPackage} that has classes in {@code classes}, the other
   * packages under {@code rootPackage} that its classes refer to.
   */
  static Map<String, Set<String>> packageGraph(Path classes, String rootPackage) {
    String root = rootPackage.replace('.', '/');
    Pattern reference = Pattern.compile(Pattern.quote(root) + "(?:/[\\w$]+)*(?=[;<.]|$)");
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        if (!name.endsWith(".class") || !name.startsWith(root + "/")) {
          continue;
        }
        String from = packageOf(name.substring(0, name.length() - ".class".length()));
        Set<String> targets = graph.computeIfAbsent(from.replace('/', '.'), k -> new TreeSet<>());
        for (String text : utf8Constants(file)) {
          Matcher matcher = reference.matcher(text);
          while (matcher.find()) {
            String to = packageOf(matcher.group());
            if (!to.equals(from) && !to.isEmpty()) {
              targets.add(to.replace('/', '.'));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** The package of an internal class name: {@code a/b/C} gives {@code a/b}. */
  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash);
  }

  /** Every {@code CONSTANT_Utf8} of a class file (JVMS 4.4). */
  private static Set<String> utf8Constants(Path classFile) throws IOException {
    Set<String> texts = new TreeSet<>();
    try (InputStream in = Files.newInputStream(classFile);
        DataInputStream data = new DataInputStream(in)) {
      if (data.readInt() != MAGIC) {
        throw new IOException(classFile + " is not a class file");
      }
      data.readUnsignedShort(); // minor version
      data.readUnsignedShort(); // major version
      int count = data.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = data.readUnsignedByte();
        switch (tag) {
          case 1: // Utf8
            texts.add(data.readUTF());
            break;
          case 7: // Class
          case 8: // String
          case 16: // MethodType
          case 19: // Module
          case 20: // Package
            data.skipBytes(2);
            break;
          case 15: // MethodHandle
            data.skipBytes(3);
            break;
          case 3: // Integer
          case 4: // Float
          case 9: // Fieldref
          case 10: // Methodref
          case 11: // InterfaceMethodref
          case 12: // NameAndType
          case 17: // Dynamic
          case 18: // InvokeDynamic
            data.skipBytes(4);
            break;
          case 5: // Long
          case 6: // Double
            data.skipBytes(8);
            i++; // takes two slots
            break;
          default:
            throw new IOException(classFile + ": unknown constant pool tag " + tag);
        }
      }
    }
    return texts;
  }
}
