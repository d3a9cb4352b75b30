package org.bhyvirt.cli.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseEvent> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (String line : lines) {
            parser.accept(line).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void aBlankLineDispatchesTheNamedEventWithItsData() {
        assertEquals(List.of(new SseEvent("progress", "{\"round\":2}", "")),
                parse("event: progress", "data: {\"round\":2}", ""));
    }

    @Test
    void dataLinesAreJoinedByNewlinesAndOnlyOneLeadingSpaceIsRemoved() {
        assertEquals(List.of(new SseEvent("message", "a\n  b\nc", "")), parse("data: a", "data:   b", "data:c", ""));
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        assertEquals(List.of(new SseEvent("phase", "x", "")),
                parse(": keep-alive", "retry: 1000", "foo: bar", "event: phase", "data: x", ""));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedAndItsNameDoesNotLeakIntoTheNext() {
        assertEquals(List.of(new SseEvent("message", "d", "")), parse("event: phase", "", "data: d", ""));
    }

    @Test
    void theLastEventIdPersistsAcrossEvents() {
        assertEquals(List.of(new SseEvent("a", "1", "7"), new SseEvent("b", "2", "7")),
                parse("id: 7", "event: a", "data: 1", "", "event: b", "data: 2", ""));
    }

    @Test
    void aFieldWithoutColonIsAFieldWithAnEmptyValue() {
        assertEquals(List.of(new SseEvent("message", "", "")), parse("data", ""));
    }

    @Test
    void aStreamOfTheContractGivesPhaseProgressAndOneFinalEvent() {
        List<SseEvent> events = parse("event: phase", "data: {\"phase\":\"PERFORM\"}", "",
                "event: progress", "data: {\"round\":1}", "",
                "event: completed", "data: {\"status\":\"COMPLETED\"}", "");
        assertEquals(List.of("phase", "progress", "completed"), events.stream().map(SseEvent::name).toList());
    }
}
