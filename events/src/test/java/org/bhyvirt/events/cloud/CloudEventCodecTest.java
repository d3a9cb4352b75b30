package org.bhyvirt.events.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.events.MigrationEventType;
import org.bhyvirt.events.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CloudEventCodecTest {
    private static final URI SOURCE = URI.create("urn:bhyvirt:host:host-a");
    private final CloudEventCodec codec = new CloudEventCodec(SOURCE);

    @Test
    void everyLifecycleEventIsAValidCloudEventOfItsSchema() {
        UUID uuid = UUID.randomUUID();
        Set<String> ids = new HashSet<>();
        for (LifecycleEvent e : SampleEvents.everyLifecycleEvent(uuid)) {
            byte[] json = codec.encode(e);
            assertEquals(Set.of(), EventSchemas.lifecycle().problems(json), new String(json, StandardCharsets.UTF_8));
            ReceivedEvent r = CloudEventCodec.decode(json);
            assertTrue(ids.add(r.id()), "ids are unique");
            assertEquals(SOURCE, r.source());
            assertEquals(CloudEventCodec.LIFECYCLE_TYPE, r.type());
            assertEquals("vm1", r.subject());
            assertEquals(SampleEvents.TIME, r.time());
            assertEquals(CloudEventCodec.LIFECYCLE_SCHEMA, r.dataschema());
            assertEquals(uuid.toString(), r.data().getString("domainUuid"));
            assertEquals(e.detail().code(), r.data().getInt("detailCode"));
            assertEquals(e.statusAfter().reason().code(), r.data().getInt("reasonCode"));
        }
        assertEquals(org.bhyvirt.driver.event.LifecycleEventDetail.values().length, ids.size());
    }

    @ParameterizedTest
    @EnumSource(MigrationEventType.class)
    void everyMigrationEventIsAValidCloudEventOfItsSchema(MigrationEventType type) {
        byte[] json = codec.encode(SampleEvents.migration(UUID.randomUUID(), type, 2));
        assertEquals(Set.of(), EventSchemas.migration().problems(json), new String(json, StandardCharsets.UTF_8));
        ReceivedEvent r = CloudEventCodec.decode(json);
        assertEquals(type.cloudEventType(), r.type());
        assertEquals(CloudEventCodec.MIGRATION_SCHEMA, r.dataschema());
        assertEquals(type.name().toLowerCase(java.util.Locale.ROOT), r.data().getString("event"));
    }

    @Test
    void theSchemasRefuseWhatAConsumerCouldNotRead() {
        String good = new String(codec.encode(SampleEvents.migration(UUID.randomUUID(), MigrationEventType.COMPLETED, 3)),
                StandardCharsets.UTF_8);
        String noSubject = good.replaceFirst("\"subject\":\"vm1\",", "");
        String progressInAResult = good.replace("\"event\":\"completed\"", "\"event\":\"progress\"");
        String badUuid = good.replaceFirst("\"domainUuid\":\"[^\"]+\"", "\"domainUuid\":\"not-a-uuid\"");
        for (String bad : new String[] {noSubject, progressInAResult, badUuid}) {
            assertNotEquals(good, bad);
            assertFalse(EventSchemas.migration().problems(bad.getBytes(StandardCharsets.UTF_8)).isEmpty(), bad);
        }
    }

    @Test
    void somethingElseIsNotDecodedAsAnEvent() {
        assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.decode("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.decode(
                "{\"specversion\":\"0.3\"}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> CloudEventCodec.decode(
                "{\"specversion\":\"1.0\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
