package org.bhyvirt.plugin.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.bhyvirt.events.SinkStats;
import org.junit.jupiter.api.Test;

class KafkaReadinessCheckTest {

    @Test
    void anUnreachableBrokerIsDegradedButNeverDown() {
        CheckResult r = KafkaReadinessCheck.result("127.0.0.1:9092", new SinkStats(5, 12, 1, 0, 0, false, Instant.EPOCH));
        assertTrue(r.up());
        assertEquals("unreachable", r.data().get("broker"));
        assertEquals("degraded", r.data().get("status"));
        assertEquals("12", r.data().get("buffered"));
        assertEquals("1", r.data().get("dropped"));
    }

    @Test
    void aReachableBrokerIsOkAndNoBrokerIsDisabled() {
        assertEquals("ok", KafkaReadinessCheck.result("b:9092", new SinkStats(5, 0, 0, 0, 0, true, Instant.EPOCH))
                .data().get("status"));
        assertEquals("not contacted yet", KafkaReadinessCheck.result("b:9092", new SinkStats(0, 0, 0, 0, 0, false, null))
                .data().get("broker"));
        CheckResult none = KafkaReadinessCheck.result(null, null);
        assertTrue(none.up());
        assertEquals("disabled", none.data().get("status"));
    }
}
