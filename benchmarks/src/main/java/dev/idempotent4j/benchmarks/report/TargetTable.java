package dev.idempotent4j.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's one table: each target of issue 12, what ours and the alternative measured (medians
 * over the rounds), the median of the per-round ratios with its range, the target, and pass or miss
 * (the median against the target). Rows without a target are reported for context.
 *
 * <pre>{@code
 * String markdown = new TargetTable(rounds, serverTime, roundTrips).render();
 * }</pre>
 */
final class TargetTable {

  private final PairedRounds jmh;
  private final ServerTime server;
  private final Map<String, String[]> roundTrips;
  private final List<String> rows = new ArrayList<>();

  /** {@code server} may be null (not measured). */
  TargetTable(PairedRounds jmh, ServerTime server, Map<String, String[]> roundTrips) {
    this.jmh = jmh;
    this.server = server;
    this.roundTrips = roundTrips;
  }

  String render() {
    rows.add(
        "| target | idempotent4j | alternative | ours / alternative, median (range) | target"
            + " | met |");
    rows.add("|---|---|---|---|---|---|");
    pairedRow(
        "first execution vs the five-command Lettuce flow, call by call",
        Comparisons.FIRST_PAIRED,
        "<= 0.50x",
        r -> r <= 0.50);
    roundTripRow();
    for (String mode : Comparisons.MODES) {
      duplicateRow(mode, mode.equals("auto"));
    }
    for (String mode : Comparisons.MODES) {
      mixedRow(mode);
    }
    serverRow(ServerTime.BACK_TO_BACK);
    floorRow(ServerTime.BACK_TO_BACK);
    serverRow(ServerTime.IDLE);
    floorRow(ServerTime.IDLE);
    cpuRow();
    ratioRow(
        "16-thread first executions vs the hand-written flow (calls/s)",
        Comparisons.THROUGHPUT_OURS,
        Comparisons.THROUGHPUT_HAND,
        ">= 1.6x",
        r -> r >= 1.6);
    ratioRow(
        "local duplicate hit vs a hand-written Caffeine check",
        Comparisons.LOCAL_OURS,
        Comparisons.LOCAL_HAND,
        "<= 1.0x",
        r -> r <= 1.0);
    allocationRow();
    return String.join("\n", rows) + "\n";
  }

  private interface Met {
    boolean test(double ratio);
  }

  private void ratioRow(String name, Subject ours, Subject other, String target, Met met) {
    Ratios ratio = jmh.ratio(ours, other);
    if (ratio.empty() && met == null) {
      return; // a reported row that this run did not measure (a case left out, a mode missing)
    }
    rows.add(
        row(
            name,
            value(ours),
            value(other),
            ratio.format(),
            target,
            ratio.empty() || met == null ? "" : met.test(ratio.median()) ? "pass" : "MISS"));
  }

  /** The woven duplicate against a GET, both timed call by call in the same fork. */
  private void duplicateRow(String mode, boolean target) {
    Subject subject = Comparisons.interleaved(mode);
    if (!target && jmh.secondaryRatio(subject, "oursNanos", "theirsNanos").empty()) {
      return;
    }
    pairedRow(
        "shared duplicate (local tier cold), duplicates dominate, `"
            + mode
            + "`, vs one GET, call by call",
        subject,
        target ? "<= 1.10x" : "(reported)",
        target ? r -> r <= 1.10 : null);
  }

  /** The mixed workload against the hand-written flow, both timed call by call in one fork. */
  private void mixedRow(String mode) {
    Subject subject = Comparisons.mixed(mode);
    if (jmh.secondaryRatio(subject, "oursNanos", "theirsNanos").empty()) {
      return;
    }
    pairedRow(
        "mixed (half first executions), `" + mode + "`, vs the hand-written flow, call by call",
        subject,
        "(reported)",
        null);
  }

  /** Ours against the other flow, timed call by call in one fork (PairedSides). */
  private void pairedRow(String name, Subject subject, String target, Met met) {
    Ratios ratio = jmh.secondaryRatio(subject, "oursNanos", "theirsNanos");
    rows.add(
        row(
            name,
            jmh.secondaryPer(subject, "oursNanos", "pairs", 1e-3).formatValue("%.1f µs"),
            jmh.secondaryPer(subject, "theirsNanos", "pairs", 1e-3).formatValue("%.1f µs"),
            ratio.format(),
            target,
            met == null || ratio.empty() ? "" : met.test(ratio.median()) ? "pass" : "MISS"));
  }

  private String value(Subject subject) {
    Ratios score = jmh.score(subject);
    String unit = jmh.unit(subject);
    return switch (unit) {
      case "ops/s" -> score.formatValue("%,.0f calls/s");
      case "ns/op" -> score.formatValue("%.1f ns");
      case "us/op" -> score.formatValue("%.1f µs");
      default -> score.formatValue("%.2f " + unit);
    };
  }

  private void roundTripRow() {
    String[] ours = roundTrips.get("woven.first");
    String[] hand = roundTrips.get("handWritten.first");
    if (ours == null) {
      rows.add(row("first execution: round trips per call", "no result", "", "", "<= 2", ""));
      return;
    }
    rows.add(
        row(
            "first execution: round trips per call (MONITOR)",
            ours[3],
            hand == null ? "?" : hand[3],
            "",
            "<= 2",
            Double.parseDouble(ours[3]) <= 2.0 ? "pass" : "MISS"));
  }

  private void serverRow(String mode) {
    String name = "Redis server time per first execution, " + mode;
    if (server == null) {
      rows.add(row(name, "no result", "no result", "", "<= 1.00x", ""));
      return;
    }
    Ratios ratio = server.firstExecutionRatio(mode);
    rows.add(
        row(
            name,
            steps(mode, "ours"),
            steps(mode, "hand-written"),
            ratio.format(),
            "<= 1.00x",
            ratio.empty() ? "" : ratio.median() <= 1.0 ? "pass" : "MISS"));
  }

  /** The floor of any Lua step: a bare script with format 2's commands (ServerTime#FLOOR_CLAIM). */
  private void floorRow(String mode) {
    if (server == null) {
      return;
    }
    Ratios ratio = server.floorRatio(mode);
    rows.add(
        row(
            "... floor: a bare script with the same commands and no checks, " + mode,
            steps(mode, "floor"),
            steps(mode, "hand-written"),
            ratio.format(),
            "(reported)",
            ""));
  }

  private void cpuRow() {
    if (server == null) {
      return;
    }
    String mode = ServerTime.BACK_TO_BACK;
    Ratios ratio = server.cpuRatio(mode);
    rows.add(
        row(
            "Redis CPU per first execution (INFO cpu, with the network work), " + mode,
            server.step(mode, "ours cpu").formatValue("%.1f µs"),
            server.step(mode, "hand-written cpu").formatValue("%.1f µs"),
            ratio.format(),
            "(reported)",
            ""));
  }

  /** "31.0 µs (claim 18.0 + complete 13.0)". */
  private String steps(String mode, String flow) {
    return String.format(
        Locale.ROOT,
        "%.1f µs (claim %.1f + complete %.1f)",
        server.firstExecution(mode, flow).median(),
        server.step(mode, flow + " claim").median(),
        server.step(mode, flow + " complete").median());
  }

  private void allocationRow() {
    Ratios ours = jmh.bytesPerOp(Comparisons.LOCAL_OURS);
    Ratios hand = jmh.bytesPerOp(Comparisons.LOCAL_HAND);
    rows.add(
        row(
            "local duplicate hit: allocation (`-prof gc`, gc.alloc.rate.norm)",
            ours.formatValue("%.1f B/op"),
            hand.formatValue("%.1f B/op"),
            ours.empty()
                ? ""
                : String.format(Locale.ROOT, "range %.1f-%.1f B/op", ours.min(), ours.max()),
            "0 B/op",
            ours.empty() ? "" : ours.max() < 0.5 ? "pass" : "MISS"));
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }
}
