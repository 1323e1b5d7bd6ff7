package dev.idempotent4j.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Cluster of {@code masters} nodes (no replicas) that the fixture starts and wires itself
 * ({@code CLUSTER ADDSLOTS} and {@code CLUSTER MEET}: no {@code redis-cli} needed), then waits for
 * until every node reports {@code cluster_state:ok} and knows every other node.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisCluster cluster = RedisCluster.start(3);
 *
 * RedisSettings settings = RedisSettings.cluster(cluster.seeds(), Duration.ofSeconds(2));
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable, AfterAllCallback {
  private static final int SLOTS = 16_384;
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;

  private RedisCluster(List<RedisServer> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Starts {@code masters} cluster-enabled servers and forms a cluster of them. */
  public static RedisCluster start(int masters) {
    return start(RedisBinary.find(), masters);
  }

  /** Like {@link #start(int)} with a given binary. */
  public static RedisCluster start(Path binary, int masters) {
    List<RedisServer> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(
            RedisServer.start(
                binary,
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000",
                    "--cluster-require-full-coverage", "yes"),
                true));
      }
      RedisCluster cluster = new RedisCluster(nodes);
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  /** The nodes, in slot order (node 0 serves the lowest slots). */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** The seed list for {@code redis.cluster}: {@code redis://127.0.0.1:p1,redis://...}. */
  public String seeds() {
    return nodes.stream().map(RedisServer::uri).collect(Collectors.joining(","));
  }

  /** The node serving {@code key}'s slot (asks the cluster). */
  public RedisServer nodeFor(String key) {
    long slot = (Long) nodes.get(0).call("CLUSTER", "KEYSLOT", key);
    return nodes.get((int) Math.min(nodes.size() - 1, slot / slotsPerNode()));
  }

  /** Deletes every key on every node. */
  public void flushAll() {
    nodes.forEach(RedisServer::flushAll);
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public String toString() {
    return "Redis Cluster " + seeds();
  }

  private int slotsPerNode() {
    return (SLOTS + nodes.size() - 1) / nodes.size();
  }

  private void form() {
    int per = slotsPerNode();
    for (int i = 0; i < nodes.size(); i++) {
      int from = i * per;
      int to = Math.min(SLOTS, from + per);
      List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
      for (int slot = from; slot < to; slot++) {
        command.add(Integer.toString(slot));
      }
      nodes.get(i).call(command.toArray(String[]::new));
    }
    for (int i = 1; i < nodes.size(); i++) {
      nodes.get(0).call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port()));
    }
    long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
    while (!formed()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The cluster did not reach cluster_state:ok within "
                + FORM_TIMEOUT
                + ": "
                + nodes.get(0).call("CLUSTER", "INFO"));
      }
      RedisServer.pauseBriefly();
    }
  }

  private boolean formed() {
    for (RedisServer node : nodes) {
      String info = (String) node.call("CLUSTER", "INFO");
      if (!info.contains("cluster_state:ok")
          || !info.contains("cluster_known_nodes:" + nodes.size() + "\r")) {
        return false;
      }
      // every node must route every slot: CLUSTER SLOTS lists one range per master
      List<?> slots = (List<?>) node.call("CLUSTER", "SLOTS");
      if (slots.size() != nodes.size()) {
        return false;
      }
    }
    return true;
  }
}
