package dev.idempotent4j.benchmarks.diagnosis;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One reading of Redis's {@code INFO commandstats}: calls and microseconds of server time per
 * command, and the difference of two readings. Server time counts only the command's execution
 * inside the server (a script's includes every {@code redis.call} it makes), not reading the
 * request or writing the reply.
 *
 * <pre>{@code
 * CommandStats before = CommandStats.parse(redis.info("commandstats"));
 * run(1000);
 * CommandStats step = CommandStats.parse(redis.info("commandstats")).minus(before);
 * double usPerCall = step.usec(CommandStats.SCRIPTS) / 1000;
 * }</pre>
 */
public final class CommandStats {

  /** The commands that run a script: their time includes the commands the script calls. */
  public static final Set<String> SCRIPTS =
      Set.of("evalsha", "eval", "evalsha_ro", "eval_ro", "fcall", "fcall_ro");

  private final Map<String, double[]> stats;

  private CommandStats(Map<String, double[]> stats) {
    this.stats = stats;
  }

  /** Parses the text of {@code INFO commandstats}. */
  public static CommandStats parse(String info) {
    Map<String, double[]> stats = new TreeMap<>();
    for (String line : info.lines().toList()) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String command = line.substring("cmdstat_".length(), line.indexOf(':'));
      double calls = 0;
      double usec = 0;
      for (String field : line.substring(line.indexOf(':') + 1).split(",", -1)) {
        String[] kv = field.split("=", -1);
        if (kv[0].equals("calls")) {
          calls = Double.parseDouble(kv[1]);
        } else if (kv[0].equals("usec")) {
          usec = Double.parseDouble(kv[1]);
        }
      }
      stats.put(command, new double[] {calls, usec});
    }
    return new CommandStats(stats);
  }

  /** What happened between {@code earlier} and this reading. */
  public CommandStats minus(CommandStats earlier) {
    Map<String, double[]> delta = new TreeMap<>();
    stats.forEach(
        (command, now) -> {
          double[] then = earlier.stats.getOrDefault(command, new double[2]);
          if (now[0] > then[0]) {
            delta.put(command, new double[] {now[0] - then[0], now[1] - then[1]});
          }
        });
    return new CommandStats(delta);
  }

  /** Microseconds spent in {@code commands} (lower-case names, as INFO spells them). */
  public double usec(Set<String> commands) {
    return commands.stream().mapToDouble(c -> stats.getOrDefault(c, new double[2])[1]).sum();
  }

  /** Calls of {@code command}. */
  public double calls(String command) {
    return stats.getOrDefault(command, new double[2])[0];
  }

  /** Every command seen, with its calls and microseconds, {@code {calls, usec}}. */
  public Map<String, double[]> all() {
    return stats;
  }

  /**
   * CPU time the server process has used, user and system, from {@code INFO cpu}: unlike server
   * time it includes reading requests and writing replies, so it grows with round trips.
   */
  public static double cpuSeconds(String info) {
    double seconds = 0;
    for (String line : info.lines().toList()) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return seconds;
  }

  /**
   * The server and its version from {@code INFO server}, such as {@code "Valkey 9.1.2"} or {@code
   * "Redis 7.0.15"}: Valkey names itself in {@code server_name} and also answers {@code
   * redis_version} (with the Redis version it is compatible with), so that field alone would call
   * every Valkey a Redis 7.2.
   */
  public static String serverName(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.lines().toList()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    if ("valkey".equals(fields.get("server_name")) && fields.containsKey("valkey_version")) {
      return "Valkey " + fields.get("valkey_version");
    }
    return "Redis " + fields.getOrDefault("redis_version", "(version unknown)");
  }
}
