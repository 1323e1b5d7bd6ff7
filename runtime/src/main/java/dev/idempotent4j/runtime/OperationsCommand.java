package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.codec.JsonWriter;
import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreOperations;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The operator's command: {@code show}, {@code list} and {@code release} a task's keys in the
 * shared store the settings name, without an application running and without reading the storage
 * format. It reads the settings from the same sources as the engine (system properties {@code
 * -Didempotent4j.<name>}, environment variables {@code IDEMPOTENT4J_<NAME>}), opens the store
 * itself (no engine, no weaving check), runs one command and closes it.
 *
 * <pre class="language-text">
 * java -Didempotent4j.redis=redis://cache:6379 -cp "$CLASSPATH" \
 *     dev.idempotent4j.runtime.OperationsCommand show Payments.charge order-42
 * ... list Payments.charge [--state running|stuck|completed|failed|released|all] [--limit 100]
 *         [--cursor C]
 * ... release Payments.charge order-42          (a dry run: says what it would release)
 * ... release Payments.charge order-42 --yes    (does it)
 * </pre>
 *
 * <p>{@code --json} prints one JSON object instead of text. Exit status: 0 done, 1 no record
 * ({@code show}, {@code release}), 2 a usage or configuration error, 3 the store is unreachable or
 * the value under the key is not a record (left untouched).
 *
 * <p>The command runs in its own JVM, so it has no local tier to tell: a released completed outcome
 * is still replayed by application JVMs that remember it, until its ttl ends (release it through
 * the actuator endpoint or {@link Idempotency#operations()} inside each, or restart them).
 */
public final class OperationsCommand {

  private static final String USAGE =
      "usage: OperationsCommand show <task> <key> [--json]\n"
          + "       OperationsCommand list <task> [--state running|stuck|completed|failed|released"
          + "|all] [--limit n] [--cursor c] [--json]\n"
          + "       OperationsCommand release <task> <key> [--yes] [--json]\n"
          + "Settings as for the engine: -Didempotent4j.redis=redis://host:6379 (or"
          + " IDEMPOTENT4J_REDIS), -Didempotent4j.jdbc=..., -Didempotent4j.prefix=...";

  private OperationsCommand() {}

  /** Runs the command in {@code args} and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getProperties(), System.getenv()));
  }

  /** Runs the command in {@code args}; answers the exit status. */
  static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Properties properties,
      Map<String, String> environment) {
    Command command;
    try {
      command = Command.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Settings settings;
    SharedStoreFactory factory;
    try {
      settings = Settings.resolve(Map.of(), properties, environment);
      factory =
          settings
              .store()
              .orElseThrow(
                  () ->
                      new IdempotencyConfigurationException(
                          "No shared store is configured: set idempotent4j.redis,"
                              + " idempotent4j.redis.cluster or idempotent4j.jdbc (or their"
                              + " IDEMPOTENT4J_ environment variables)."));
    } catch (IdempotencyConfigurationException e) {
      err.println(e.getMessage());
      return 2;
    }
    try (SharedStore store = factory.open(settings)) {
      IdempotencyOperations operations = IdempotencyOperations.of(settings.prefix(), store);
      return command.run(operations, out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println(e.getMessage());
      return 2;
    } catch (StoreUnavailableException | CorruptRecordException e) {
      err.println(e.getMessage());
      return 3;
    }
  }

  /** One parsed command line. */
  private record Command(
      String verb,
      String task,
      String key,
      String state,
      int limit,
      String cursor,
      boolean yes,
      boolean json) {

    static Command parse(String[] args) {
      List<String> positional = new ArrayList<>();
      String state = "running";
      int limit = 100;
      String cursor = null;
      boolean yes = false;
      boolean json = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--json" -> json = true;
          case "--yes" -> yes = true;
          case "--state" -> state = value(args, ++i, arg).toLowerCase(Locale.ROOT);
          case "--cursor" -> cursor = value(args, ++i, arg);
          case "--limit" -> {
            String text = value(args, ++i, arg);
            try {
              limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--limit '" + text + "' is not a number");
            }
          }
          default -> {
            if (arg.startsWith("--")) {
              throw new IllegalArgumentException("Unknown option " + arg);
            }
            positional.add(arg);
          }
        }
      }
      if (positional.isEmpty()) {
        throw new IllegalArgumentException("No command given");
      }
      String verb = positional.get(0);
      int wanted =
          switch (verb) {
            case "show", "release" -> 3;
            case "list" -> 2;
            default -> throw new IllegalArgumentException("Unknown command '" + verb + "'");
          };
      if (positional.size() != wanted) {
        throw new IllegalArgumentException(
            verb + " takes " + (wanted - 1) + " argument(s), got " + (positional.size() - 1));
      }
      if (!List.of("running", "stuck", "completed", "failed", "released", "all").contains(state)) {
        throw new IllegalArgumentException("--state '" + state + "' is not a state");
      }
      return new Command(
          verb,
          positional.get(1),
          wanted == 3 ? positional.get(2) : null,
          state,
          limit,
          cursor,
          yes,
          json);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    int run(IdempotencyOperations operations, PrintStream out) {
      switch (verb) {
        case "show" -> {
          Optional<RecordView> view = operations.show(task, key);
          if (json) {
            JsonWriter w = new JsonWriter().beginObject().name("key");
            w.value(operations.key(task, key)).name("record");
            if (view.isPresent()) {
              writeJson(w, view.get());
            } else {
              w.nullValue();
            }
            out.println(w.endObject());
          } else if (view.isPresent()) {
            out.print(text(view.get()));
          } else {
            out.println("No record under key " + operations.key(task, key) + ".");
          }
          return view.isPresent() ? 0 : 1;
        }
        case "list" -> {
          Set<RecordView.State> states =
              switch (state) {
                case "all" -> EnumSet.noneOf(RecordView.State.class);
                case "stuck" -> EnumSet.of(RecordView.State.RUNNING);
                default -> EnumSet.of(RecordView.State.valueOf(state.toUpperCase(Locale.ROOT)));
              };
          StoreOperations.Page page = operations.list(task, states, limit, cursor);
          List<RecordView> records = new ArrayList<>();
          for (RecordView view : page.records()) {
            if (!state.equals("stuck") || view.stuck()) {
              records.add(view);
            }
          }
          if (json) {
            JsonWriter w = new JsonWriter().beginObject().name("records").beginArray();
            for (RecordView view : records) {
              writeJson(w, view);
            }
            w.endArray().name("cursor");
            if (page.cursor() == null) {
              w.nullValue();
            } else {
              w.value(page.cursor());
            }
            out.println(w.endObject());
          } else {
            for (RecordView view : records) {
              out.println(line(view));
            }
            out.println(
                records.size()
                    + " "
                    + state
                    + " record(s)"
                    + (page.cursor() == null ? "" : "; more with --cursor " + page.cursor()));
          }
          return 0;
        }
        default -> {
          StoreOperations.Released released = operations.release(task, key, !yes);
          if (json) {
            JsonWriter w = new JsonWriter().beginObject();
            w.name("key").value(released.key()).name("released").value(released.released());
            w.name("dryRun").value(!yes).name("fence").value(released.fence()).name("before");
            if (released.before() == null) {
              w.nullValue();
            } else {
              writeJson(w, released.before());
            }
            out.println(w.endObject());
          } else if (released.before() == null) {
            out.println("No record under key " + released.key() + ": nothing to release.");
          } else if (!released.released()) {
            out.print(text(released.before()));
            out.println(
                "Dry run: would end this "
                    + name(released.before().state())
                    + " record and raise the fence above "
                    + released.fence()
                    + ". Run again with --yes to release it.");
          } else {
            out.print(text(released.before()));
            out.println(
                "Released: the fence is now "
                    + released.fence()
                    + "; the old owner's late complete is refused and the next call runs the"
                    + " task. Application JVMs that remember a completed outcome replay it until"
                    + " its ttl ends.");
          }
          return released.before() == null ? 1 : 0;
        }
      }
    }
  }

  private static String text(RecordView view) {
    StringBuilder out = new StringBuilder();
    row(out, "key", view.key());
    row(out, "state", name(view.state()) + (view.stuck() ? " (stuck: the lease has lapsed)" : ""));
    row(out, "owner", view.owner());
    row(out, "attempt", Integer.toString(view.attempt()));
    row(out, "fence", Long.toString(view.fence()));
    row(out, "lease left", view.leaseLeft() == null ? "-" : Errors.format(view.leaseLeft()));
    row(out, "ttl left", view.ttlLeft() == null ? "none" : Errors.format(view.ttlLeft()));
    row(out, "result", view.resultSize() < 0 ? "-" : view.resultSize() + " bytes (not shown)");
    if (view.errorType() != null) {
      row(out, "error", view.errorType());
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-11s %s%n", label, value));
  }

  private static String line(RecordView view) {
    return view.key()
        + "  "
        + name(view.state())
        + (view.stuck() ? " (stuck)" : "")
        + "  owner="
        + view.owner()
        + "  attempt="
        + view.attempt()
        + "  fence="
        + view.fence()
        + (view.leaseLeft() == null ? "" : "  lease-left=" + Errors.format(view.leaseLeft()));
  }

  private static String name(RecordView.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  private static void writeJson(JsonWriter w, RecordView view) {
    w.beginObject().name("key").value(view.key()).name("state").value(name(view.state()));
    w.name("stuck").value(view.stuck()).name("owner").value(view.owner());
    w.name("attempt").value(view.attempt()).name("fence").value(view.fence());
    millis(w.name("leaseLeftMillis"), view.leaseLeft());
    millis(w.name("ttlLeftMillis"), view.ttlLeft());
    w.name("resultSize").value(view.resultSize()).name("errorType");
    if (view.errorType() == null) {
      w.nullValue();
    } else {
      w.value(view.errorType());
    }
    w.endObject();
  }

  private static void millis(JsonWriter w, Duration duration) {
    if (duration == null) {
      w.nullValue();
    } else {
      w.value(duration.toMillis());
    }
  }
}
