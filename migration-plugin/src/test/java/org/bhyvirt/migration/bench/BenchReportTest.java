package org.bhyvirt.migration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's report formatting (table and JSON) and the byte count of its loopback baseline. */
class BenchReportTest {
    private static final long GIB = 1L << 30;

    private static BenchReport report() {
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("final round + state", 20.0);
        breakdown.put("resume", 10.5);
        ScenarioResult nativeIdle = new ScenarioResult("native-idle-1g", "native", GIB, 2000, 30.5, breakdown, 2 * GIB / 2, 5,
                "0 bad \"pages\"\nchecked");
        ScenarioResult qemu = new ScenarioResult("qemu-idle-1g-default", "qemu", GIB, 8000, ScenarioResult.UNKNOWN, Map.of(),
                ScenarioResult.UNKNOWN, ScenarioResult.UNKNOWN, "");
        return new BenchReport("2026-11-22T04:00:00Z", Map.of("cores", "2"), List.of(
                BenchEntry.measured(nativeIdle, new LoopbackBaseline.Result(GIB, 500_000_000L), null),
                BenchEntry.measured(qemu, new LoopbackBaseline.Result(GIB, 400_000_000L), "native-idle-1g"),
                BenchEntry.failed("native-write-1g", "IOException: bhyve ended with 4")));
    }

    @Test
    void jsonCarriesEveryMeasuredFigureTheBaselineRatioAndNullForWhatWasNotMeasured() {
        String json = report().json();
        assertTrue(json.contains("{\"scenario\": \"native-idle-1g\", \"runner\": \"native\", \"guest_bytes\": 1073741824, "
                + "\"total_ms\": 2000.000, \"downtime_ms\": 30.500, \"downtime_breakdown_ms\": {\"final round + state\": 20.000, "
                + "\"resume\": 10.500}, \"wire_bytes\": 1073741824, \"rounds\": 5, \"throughput_mib_s\": 512.000, "
                + "\"baseline\": {\"bytes\": 1073741824, \"ms\": 500.000, \"mib_s\": 2048.000}, \"baseline_ratio\": 0.250, "
                + "\"notes\": \"0 bad \\\"pages\\\"\\nchecked\"}"), json);
        assertTrue(json.contains("\"downtime_ms\": null, \"downtime_breakdown_ms\": {}, \"wire_bytes\": null, \"rounds\": null, "
                + "\"throughput_mib_s\": null"), json);
        assertTrue(json.contains("\"paired_with\": \"native-idle-1g\", \"paired_total_ratio\": 0.250, "
                + "\"paired_downtime_ratio\": null"), json);
        assertTrue(json.contains("{\"scenario\": \"native-write-1g\", \"error\": \"IOException: bhyve ended with 4\"}"), json);
        assertTrue(json.startsWith("{\n  \"date\": \"2026-11-22T04:00:00Z\",\n  \"machine\": {\"cores\": \"2\"},"), json);
    }

    @Test
    void tableShowsOneRowPerScenarioDashesForUnknownFiguresTheBreakdownAndThePairedRatios() {
        String[] lines = report().table().split("\n");
        assertTrue(lines[0].startsWith("scenario"), lines[0]);
        assertEquals(List.of("native-idle-1g", "native", "1G", "2000.0", "30.5", "1024.0", "5", "512", "500.0", "0.250"),
                List.of(lines[1].trim().split("\\s+")));
        assertEquals(List.of("qemu-idle-1g-default", "qemu", "1G", "8000.0", "-", "-", "-", "-", "400.0", "0.050"),
                List.of(lines[2].trim().split("\\s+")));
        assertTrue(lines[3].startsWith("native-write-1g") && lines[3].contains("FAILED: IOException: bhyve ended with 4"),
                lines[3]);
        String text = String.join("\n", lines);
        assertTrue(text.contains("native-idle-1g downtime: final round + state 20.0 ms, resume 10.5 ms"), text);
        assertTrue(text.contains("native-idle-1g vs qemu-idle-1g-default: total time 2000.0 / 8000.0 ms = 0.250, "
                + "downtime 30.5 / - ms = -"), text);
    }

    @Test
    void theBaselineCountsEveryByteItCopiesIncludingAPartialLastBuffer() throws Exception {
        long bytes = 3L * (1 << 20) + 12345;
        LoopbackBaseline.Result r = LoopbackBaseline.copy(bytes);
        assertEquals(bytes, r.bytes());
        assertTrue(r.nanos() > 0 && r.mibPerSecond() > 0, r.toString());
        assertEquals(0, LoopbackBaseline.copy(0).bytes());
        assertThrows(IllegalArgumentException.class, () -> LoopbackBaseline.copy(-1));
    }
}
