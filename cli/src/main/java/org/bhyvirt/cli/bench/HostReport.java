package org.bhyvirt.cli.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The host benchmark's figures against issue 4's targets (ready in under 15 s warm, under 400 MiB
 * resident, median lifecycle call under 20 ms), as a table for people and as JSON. Pure: figures in,
 * text out. A call's median meets the target when it is below it; a figure without a target is shown
 * for information.
 */
public record HostReport(String environment, long coldReadyMs, long warmReadyMs, long rssReadyKiB, long rssAfterKiB,
                         Map<String, Samples> calls) {

    public static final long READY_TARGET_MS = 15_000;
    public static final long RSS_TARGET_KIB = 400 * 1024;
    public static final double CALL_TARGET_MS = 20.0;

    public HostReport {
        calls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(calls));
    }

    /** Whether every figure with a target meets it. */
    public boolean targetsMet() {
        return warmReadyMs < READY_TARGET_MS && Math.max(rssReadyKiB, rssAfterKiB) < RSS_TARGET_KIB
                && calls.values().stream().allMatch(s -> s.medianMs() < CALL_TARGET_MS);
    }

    public List<String> table() {
        List<String> rows = new ArrayList<>();
        rows.add("one host on Payara Micro: " + environment);
        rows.add(String.format(Locale.ROOT, "%-38s %12s %12s  %s", "figure", "value", "target", "verdict"));
        rows.add(row("time to ready, cold (first start)", seconds(coldReadyMs), "", OptionalDouble.empty(), 0));
        rows.add(row("time to ready, warm (second start)", seconds(warmReadyMs), "< 15 s",
                OptionalDouble.of(warmReadyMs), READY_TARGET_MS));
        rows.add(row("RSS of the Micro JVM, when ready", mib(rssReadyKiB), "< 400 MiB",
                OptionalDouble.of(rssReadyKiB), RSS_TARGET_KIB));
        rows.add(row("RSS of the Micro JVM, after calls", mib(rssAfterKiB), "< 400 MiB",
                OptionalDouble.of(rssAfterKiB), RSS_TARGET_KIB));
        for (Map.Entry<String, Samples> e : calls.entrySet()) {
            Samples s = e.getValue();
            rows.add(row(e.getKey() + ", median", String.format(Locale.ROOT, "%.2f ms", s.medianMs()), "< 20 ms",
                    OptionalDouble.of(s.medianMs()), CALL_TARGET_MS)
                    + String.format(Locale.ROOT, " (n=%d, p90 %.2f ms, max %.2f ms)", s.count(), s.percentileMs(90), s.maxMs()));
        }
        return rows;
    }

    public JsonObject json() {
        JsonArrayBuilder callRows = Json.createArrayBuilder();
        calls.forEach((name, s) -> callRows.add(Json.createObjectBuilder()
                .add("call", name).add("count", s.count()).add("medianMs", round2(s.medianMs()))
                .add("p90Ms", round2(s.percentileMs(90))).add("maxMs", round2(s.maxMs()))));
        return Json.createObjectBuilder()
                .add("environment", environment)
                .add("coldReadyMs", coldReadyMs)
                .add("warmReadyMs", warmReadyMs)
                .add("rssReadyKiB", rssReadyKiB)
                .add("rssAfterCallsKiB", rssAfterKiB)
                .add("calls", callRows)
                .add("targets", Json.createObjectBuilder().add("warmReadyMs", READY_TARGET_MS)
                        .add("rssKiB", RSS_TARGET_KIB).add("callMedianMs", CALL_TARGET_MS))
                .add("targetsMet", targetsMet())
                .build();
    }

    private static String row(String figure, String value, String target, OptionalDouble measured, double limit) {
        String verdict = measured.isEmpty() ? "" : measured.getAsDouble() < limit ? "met" : "MISSED";
        return String.format(Locale.ROOT, "%-38s %12s %12s  %s", figure, value, target, verdict).stripTrailing();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%d MiB", Math.round(kib / 1024.0));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
