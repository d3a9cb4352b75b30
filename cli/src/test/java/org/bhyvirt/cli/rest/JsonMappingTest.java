package org.bhyvirt.cli.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonMappingTest {

    @Test
    void aDomainSummaryMapsEveryFieldOfTheContract() {
        DomainSummary d = JsonMapping.domainSummary(JsonMapping.object("""
                {"name":"g","uuid":"0b5e0a5c-1111-2222-3333-444455556666","id":3,"state":"RUNNING","reason":"BOOTED",
                 "persistent":true,"vcpus":2,"memoryKiB":1048576,"maxMemoryKiB":2097152}"""));
        assertEquals(new DomainSummary("g", "0b5e0a5c-1111-2222-3333-444455556666", 3, "RUNNING", "BOOTED", true, 2,
                1048576, 2097152), d);
        assertTrue(d.active());
    }

    @Test
    void anInactiveDomainHasIdMinusOneAndIsNotActive() {
        DomainSummary d = JsonMapping.domainSummary(JsonMapping.object("{\"name\":\"g\",\"id\":-1,\"state\":\"SHUTOFF\"}"));
        assertFalse(d.active());
        assertEquals("", d.reason(), "an absent string is empty");
    }

    @Test
    void aCompletedMigrationCarriesItsProgressAndResultWithTheDowntimeBreakdownInOrder() {
        Migration m = JsonMapping.migration(JsonMapping.object("""
                {"id":"m1","domain":"g","source":"http://a/bhyvirt","destination":"http://b/bhyvirt","kind":"LIVE",
                 "phase":"CONFIRM","status":"COMPLETED",
                 "progress":{"round":4,"transferredBytes":300,"remainingBytes":0,"totalBytes":256,
                             "dirtyRateBytesPerSecond":10,"bandwidthBytesPerSecond":1000,"elapsedMs":1200},
                 "result":{"totalMs":1250,"downtimeMs":31.5,"downtime":{"finalRoundMs":12.25,"stateMs":9,"resumeMs":10.25},
                           "bytes":300,"rounds":4},
                 "startedAt":"2026-11-22T07:00:00Z","endedAt":"2026-11-22T07:00:01Z"}"""));
        assertTrue(m.completed());
        assertEquals(new MigrationProgress(4, 300, 0, 256, 10, 1000, 1200), m.progress());
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("finalRoundMs", 12.25);
        breakdown.put("stateMs", 9.0);
        breakdown.put("resumeMs", 10.25);
        assertEquals(Optional.of(new MigrationResult(1250, 31.5, breakdown, 300, 4)), m.result());
        assertEquals(Optional.empty(), m.error());
        assertEquals("[finalRoundMs, stateMs, resumeMs]", m.result().get().downtimeBreakdownMs().keySet().toString());
    }

    @Test
    void aFailedMigrationCarriesLibvirtsNumberAndThePhase() {
        Migration m = JsonMapping.migration(JsonMapping.object("""
                {"id":"m2","domain":"g","kind":"LIVE","phase":"PREPARE","status":"FAILED",
                 "error":{"libvirtError":55,"libvirtErrorName":"OPERATION_INVALID","message":"domain is not running","phase":"PREPARE"}}"""));
        assertTrue(m.ended());
        assertFalse(m.completed());
        assertEquals(MigrationProgress.NONE, m.progress());
        assertEquals(Optional.of(new MigrationError(55, "OPERATION_INVALID", "domain is not running", "PREPARE")), m.error());
    }

    @Test
    void aProblemDocumentKeepsLibvirtsErrorAndFallsBackToTheHttpStatus() {
        Problem p = JsonMapping.problem(JsonMapping.object("""
                {"type":"about:blank","title":"Not Found","detail":"no domain with matching name 'x'",
                 "libvirtError":42,"libvirtErrorName":"NO_DOMAIN"}"""), 404);
        assertEquals(new Problem("about:blank", "Not Found", 404, "no domain with matching name 'x'", 42, "NO_DOMAIN"), p);
        assertEquals("no domain with matching name 'x' (libvirt error 42 NO_DOMAIN)", p.describe());
    }

    @Test
    void aRequestLeavesOutTheOptionsNotGivenSoTheHostsDefaultsApply() {
        assertEquals("{\"domain\":\"g\",\"destination\":\"http://127.0.0.1:8181/bhyvirt\",\"kind\":\"LIVE\"}",
                JsonMapping.migrationRequest(MigrationRequest.live("g", "http://127.0.0.1:8181/bhyvirt")).toString());
        assertEquals("{\"domain\":\"g\",\"destination\":\"d\",\"kind\":\"WARM\",\"downtimeLimitMs\":300,"
                        + "\"bandwidthMiBs\":0,\"channels\":2,\"timeoutSeconds\":60,\"autoConverge\":false}",
                JsonMapping.migrationRequest(new MigrationRequest("g", "d", "WARM", 300L, 0L, 2, 60L, false)).toString());
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonMapping.domainSummary(JsonMapping.object("{\"name\":\"g\",\"vcpus\":\"two\"}")));
        assertEquals("field 'vcpus' is not a number: \"two\"", e.getMessage());
    }

    @Test
    void textThatIsNotAJsonObjectIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonMapping.object("<html>502</html>"));
        assertThrows(IllegalArgumentException.class, () -> JsonMapping.object("[1,2]"));
    }

    @Test
    void anErrorBodyThatIsNotAProblemDocumentStillNamesTheStatusAndTheBody() {
        ApiException e = HostApi.failure("GET http://h/api/v1/domains/x", 502, "<html>Bad Gateway</html>");
        assertEquals(502, e.status());
        assertEquals("GET http://h/api/v1/domains/x -> HTTP 502: <html>Bad Gateway</html>", e.getMessage());
    }
}
