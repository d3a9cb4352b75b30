package org.bhyvirt.migration.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Formats a benchmark run as a text table and as JSON (pure functions). Unknown figures print as "-" in
 * the table and {@code null} in JSON. Rows that pair with another scenario (a QEMU run of the same guest
 * as a native one) also get the ratios of their total time and downtime to that scenario's.
 *
 * @param date    when the run started (ISO-8601)
 * @param machine facts about the machine (cores, memory, kernel, Java, KVM)
 * @param entries the rows, in the order run
 */
public record BenchReport(String date, Map<String, String> machine, List<BenchEntry> entries) {
    /** Copies the lists. */
    public BenchReport {
        machine = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(machine));
        entries = List.copyOf(entries);
    }

    /** The table: one line per scenario, then the breakdowns, the ratios to paired rows and the failures. */
    public String table() {
        StringBuilder b = new StringBuilder();
        int w = entries.stream().mapToInt(e -> e.scenario().length()).max().orElse(0);
        String name = "%-" + Math.max(8, w) + "s";
        b.append(String.format(Locale.ROOT, name + " %-6s %8s %10s %10s %10s %6s %9s %11s %8s%n", "scenario", "runner",
                "guest", "total ms", "downtime", "wire MiB", "rounds", "MiB/s", "baseline ms", "vs base"));
        for (BenchEntry e : entries) {
            ScenarioResult r = e.result();
            if (r == null) {
                b.append(String.format(Locale.ROOT, name + " FAILED: %s%n", e.scenario(), e.error()));
                continue;
            }
            b.append(String.format(Locale.ROOT, name + " %-6s %8s %10s %10s %10s %6s %9s %11s %8s%n", r.name(), r.runner(),
                    size(r.guestBytes()), num(r.totalMs(), 1), num(r.downtimeMs(), 1), mib(r.wireBytes()),
                    r.rounds() < 0 ? "-" : Integer.toString(r.rounds()), num(r.throughputMiBs(), 0),
                    e.baseline() == null ? "-" : num(e.baseline().millis(), 1), num(e.baselineRatio(), 3)));
        }
        for (BenchEntry e : entries) {
            if (e.result() != null && !e.result().downtimeBreakdown().isEmpty()) {
                b.append("  ").append(e.scenario()).append(" downtime:");
                e.result().downtimeBreakdown().forEach((k, v) -> b.append(' ').append(k).append(' ').append(num(v, 1))
                        .append(" ms,"));
                b.setLength(b.length() - 1);
                b.append('\n');
            }
        }
        for (BenchEntry e : entries) {
            pair(e).ifPresent(p -> b.append(String.format(Locale.ROOT,
                    "  %s vs %s: total time %s / %s ms = %s, downtime %s / %s ms = %s%n", p.scenario(), e.scenario(),
                    num(p.result().totalMs(), 1), num(e.result().totalMs(), 1), num(ratio(p.result().totalMs(),
                            e.result().totalMs()), 3), num(p.result().downtimeMs(), 1), num(e.result().downtimeMs(), 1),
                    num(ratio(p.result().downtimeMs(), e.result().downtimeMs()), 3))));
        }
        for (BenchEntry e : entries) {
            if (e.result() != null && !e.result().notes().isEmpty()) {
                b.append("  ").append(e.scenario()).append(": ").append(e.result().notes()).append('\n');
            }
        }
        return b.toString();
    }

    /** The JSON document: date, machine, and one object per scenario. */
    public String json() {
        StringBuilder b = new StringBuilder("{\n  \"date\": ").append(str(date)).append(",\n  \"machine\": {");
        String sep = "";
        for (Map.Entry<String, String> m : machine.entrySet()) {
            b.append(sep).append(str(m.getKey())).append(": ").append(str(m.getValue()));
            sep = ", ";
        }
        b.append("},\n  \"scenarios\": [");
        sep = "\n";
        for (BenchEntry e : entries) {
            b.append(sep).append("    ").append(entryJson(e));
            sep = ",\n";
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private String entryJson(BenchEntry e) {
        StringBuilder b = new StringBuilder("{\"scenario\": ").append(str(e.scenario()));
        if (e.result() == null) {
            return b.append(", \"error\": ").append(str(e.error())).append('}').toString();
        }
        ScenarioResult r = e.result();
        b.append(", \"runner\": ").append(str(r.runner()))
                .append(", \"guest_bytes\": ").append(r.guestBytes())
                .append(", \"total_ms\": ").append(jnum(r.totalMs()))
                .append(", \"downtime_ms\": ").append(jnum(r.downtimeMs()))
                .append(", \"downtime_breakdown_ms\": {");
        String sep = "";
        for (Map.Entry<String, Double> d : r.downtimeBreakdown().entrySet()) {
            b.append(sep).append(str(d.getKey())).append(": ").append(jnum(d.getValue()));
            sep = ", ";
        }
        b.append("}, \"wire_bytes\": ").append(r.wireBytes() < 0 ? "null" : Long.toString(r.wireBytes()))
                .append(", \"rounds\": ").append(r.rounds() < 0 ? "null" : Integer.toString(r.rounds()))
                .append(", \"throughput_mib_s\": ").append(jnum(r.throughputMiBs()));
        if (e.baseline() != null) {
            b.append(", \"baseline\": {\"bytes\": ").append(e.baseline().bytes()).append(", \"ms\": ")
                    .append(jnum(e.baseline().millis())).append(", \"mib_s\": ").append(jnum(e.baseline().mibPerSecond()))
                    .append('}');
        }
        b.append(", \"baseline_ratio\": ").append(jnum(e.baselineRatio()));
        Optional<BenchEntry> p = pair(e);
        if (p.isPresent()) {
            b.append(", \"paired_with\": ").append(str(p.get().scenario()))
                    .append(", \"paired_total_ratio\": ").append(jnum(ratio(p.get().result().totalMs(), r.totalMs())))
                    .append(", \"paired_downtime_ratio\": ").append(jnum(ratio(p.get().result().downtimeMs(), r.downtimeMs())));
        }
        return b.append(", \"notes\": ").append(str(r.notes())).append('}').toString();
    }

    /** The measured row {@code e} pairs with, when both were measured. */
    private Optional<BenchEntry> pair(BenchEntry e) {
        if (e.result() == null || e.pairedWith() == null) {
            return Optional.empty();
        }
        return entries.stream().filter(o -> o.result() != null && o.scenario().equals(e.pairedWith())).findFirst();
    }

    private static double ratio(double a, double b) {
        return a < 0 || b <= 0 ? ScenarioResult.UNKNOWN : a / b;
    }

    static String num(double v, int decimals) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    private static String size(long bytes) {
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + "G" : (bytes >> 20) + "M";
    }

    private static String jnum(double v) {
        if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A JSON string literal. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
