package org.bhyvirt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostReportTest {

    private static Map<String, Samples> calls(long nanos) {
        Map<String, Samples> m = new LinkedHashMap<>();
        m.put("GET /domains/{name}", new Samples(new long[] {nanos, nanos, nanos}));
        return m;
    }

    @Test
    void theTableShowsEveryFigureWithItsTargetAndVerdict() {
        HostReport r = new HostReport("JDK 17", 30_900, 11_300, 320 * 1024, 330 * 1024, calls(3_000_000));
        assertEquals(List.of(
                "one host on Payara Micro: JDK 17",
                "figure                                        value       target  verdict",
                "time to ready, cold (first start)            30.9 s",
                "time to ready, warm (second start)           11.3 s       < 15 s  met",
                "RSS of the Micro JVM, when ready            320 MiB    < 400 MiB  met",
                "RSS of the Micro JVM, after calls           330 MiB    < 400 MiB  met",
                "GET /domains/{name}, median                 3.00 ms      < 20 ms  met (n=3, p90 3.00 ms, max 3.00 ms)"),
                r.table());
        assertTrue(r.targetsMet());
    }

    @Test
    void aFigureAtItsTargetMissesIt() {
        HostReport slowStart = new HostReport("", 0, 15_000, 1, 1, calls(1));
        assertFalse(slowStart.targetsMet());
        assertTrue(slowStart.table().get(3).endsWith("MISSED"));
        assertFalse(new HostReport("", 0, 1, 1, 400 * 1024, calls(1)).targetsMet());
        assertFalse(new HostReport("", 0, 1, 1, 1, calls(20_000_000)).targetsMet());
    }

    @Test
    void theJsonCarriesTheFiguresTheCallsAndTheVerdict() {
        HostReport r = new HostReport("e", 2, 3, 4, 5, calls(1_234_567));
        assertEquals("{\"environment\":\"e\",\"coldReadyMs\":2,\"warmReadyMs\":3,\"rssReadyKiB\":4,\"rssAfterCallsKiB\":5,"
                + "\"calls\":[{\"call\":\"GET /domains/{name}\",\"count\":3,\"medianMs\":1.23,\"p90Ms\":1.23,\"maxMs\":1.23}],"
                + "\"targets\":{\"warmReadyMs\":15000,\"rssKiB\":409600,\"callMedianMs\":20.0},\"targetsMet\":true}",
                r.json().toString());
    }
}
