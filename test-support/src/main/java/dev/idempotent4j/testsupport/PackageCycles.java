package dev.idempotent4j.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package dependency graph of a directory of compiled classes, read from the class files' own
 * constant pools, and the cycles in it. No library: a class file names every class it uses, as a
 * class constant or inside a descriptor or signature ({@code Ldev/idempotent4j/...;}), which is
 * what {@code jdeps} reads too. Javadoc references leave no trace in class files and so never
 * count.
 *
 * <pre>{@code
 * PackageCycles graph = PackageCycles.of(Path.of("target/classes"), "dev.idempotent4j.runtime");
 * assertThat(graph.cycles()).isEmpty();   // else: the packages of each cycle, with the classes
 * }</pre>
 */
public final class PackageCycles {

  private static final Pattern DESCRIBED = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

  /** package -> package it uses -> one class that uses it, for the message. */
  private final Map<String, Map<String, String>> uses = new TreeMap<>();

  private PackageCycles() {}

  /**
   * Reads every class file under {@code classes} whose package starts with {@code root}; edges to
   * packages outside {@code root} are ignored.
   */
  public static PackageCycles of(Path classes, String root) {
    PackageCycles graph = new PackageCycles();
    String prefix = root.replace('.', '/');
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.toString().endsWith(".class")) {
          graph.read(file, prefix);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  /** The packages read, each with the packages it depends on. */
  public Map<String, Set<String>> dependencies() {
    Map<String, Set<String>> result = new TreeMap<>();
    uses.forEach((from, to) -> result.put(from, new TreeSet<>(to.keySet())));
    return result;
  }

  /**
   * The cycles: each strongly connected set of two or more packages, described as its packages and
   * one using class per edge inside it. Empty when the packages form a layering.
   */
  public List<String> cycles() {
    List<String> cycles = new ArrayList<>();
    for (Set<String> component : new Tarjan().components()) {
      if (component.size() < 2) {
        continue;
      }
      StringBuilder text = new StringBuilder("cycle among ").append(component).append(':');
      for (String from : component) {
        for (Map.Entry<String, String> edge : uses.get(from).entrySet()) {
          if (component.contains(edge.getKey())) {
            text.append("\n  ")
                .append(from)
                .append(" -> ")
                .append(edge.getKey())
                .append(" (")
                .append(edge.getValue())
                .append(')');
          }
        }
      }
      cycles.add(text.toString());
    }
    return cycles;
  }

  private void read(Path file, String prefix) throws IOException {
    List<String> names;
    try (InputStream in = Files.newInputStream(file)) {
      names = referencedClasses(new DataInputStream(in));
    }
    String self = names.get(0);
    if (!self.startsWith(prefix + "/")) {
      return;
    }
    String from = packageOf(self);
    Map<String, String> edges = uses.computeIfAbsent(from, p -> new TreeMap<>());
    for (String name : names) {
      if (name.startsWith(prefix + "/")) {
        String to = packageOf(name);
        if (!to.equals(from)) {
          edges.putIfAbsent(to, self.replace('/', '.') + " uses " + name.replace('/', '.'));
        }
      }
    }
  }

  /** This class's own name first, then every class name in its constant pool. */
  private static List<String> referencedClasses(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNameIndex = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF(); // Utf8
        case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
        case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module, Package
        case 15 -> { // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        // Integer, Float, Fieldref, Methodref, InterfaceMethodref, NameAndType, Dynamic,
        // InvokeDynamic
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> { // Long, Double
          in.readLong();
          i++; // takes two slots
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.readUnsignedShort(); // access flags
    int thisClass = in.readUnsignedShort();
    List<String> names = new ArrayList<>();
    names.add(utf8[classNameIndex[thisClass]]);
    for (int i = 1; i < count; i++) {
      if (classNameIndex[i] != 0) {
        String name = utf8[classNameIndex[i]];
        // array classes are named by their descriptor: [Lpkg/Name;
        names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
      } else if (utf8[i] != null && utf8[i].indexOf('L') >= 0) {
        // descriptors and generic signatures of fields, methods and annotations
        Matcher matcher = DESCRIBED.matcher(utf8[i]);
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    return names;
  }

  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
  }

  /** Tarjan's strongly connected components over {@link #uses}. */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> components = new ArrayList<>();

    List<Set<String>> components() {
      for (String node : uses.keySet()) {
        if (!index.containsKey(node)) {
          visit(node);
        }
      }
      return components;
    }

    private void visit(String node) {
      index.put(node, index.size());
      low.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : uses.getOrDefault(node, Map.of()).keySet()) {
        if (!uses.containsKey(next)) {
          continue; // outside the classes read
        }
        if (!index.containsKey(next)) {
          visit(next);
          low.put(node, Math.min(low.get(node), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(node, Math.min(low.get(node), index.get(next)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        components.add(component);
      }
    }
  }
}
