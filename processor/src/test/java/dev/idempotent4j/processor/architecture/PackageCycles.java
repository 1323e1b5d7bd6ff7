package dev.idempotent4j.processor.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cycles of a package graph: its strongly connected components of more than one package
 * (Tarjan's algorithm), each as the sorted packages it holds.
 *
 * <pre>{@code
 * PackageCycles.of(Map.of("a", Set.of("b"), "b", Set.of("a"), "c", Set.of("a")));  // [[a, b]]
 * }</pre>
 */
final class PackageCycles {

  private final Map<String, Set<String>> graph;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> lowLink = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final List<Set<String>> cycles = new ArrayList<>();

  private PackageCycles(Map<String, Set<String>> graph) {
    this.graph = graph;
  }

  /** The groups of packages that depend on each other, directly or through others. */
  static List<Set<String>> of(Map<String, Set<String>> graph) {
    PackageCycles search = new PackageCycles(graph);
    for (String node : graph.keySet()) {
      if (!search.index.containsKey(node)) {
        search.visit(node);
      }
    }
    return search.cycles;
  }

  private void visit(String node) {
    index.put(node, index.size());
    lowLink.put(node, index.get(node));
    stack.push(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        visit(next);
        lowLink.put(node, Math.min(lowLink.get(node), lowLink.get(next)));
      } else if (stack.contains(next)) {
        lowLink.put(node, Math.min(lowLink.get(node), index.get(next)));
      }
    }
    if (lowLink.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
  }
}
