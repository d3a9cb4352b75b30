package org.bhyvirt.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationEventTest {

    @ParameterizedTest
    @EnumSource(MigrationEventType.class)
    void eachTypeCarriesExactlyItsOwnPart(MigrationEventType type) {
        MigrationEvent e = SampleEvents.migration(UUID.randomUUID(), type, 1);
        assertEquals(type, e.type());
        MigrationEventType other = type == MigrationEventType.STARTED ? MigrationEventType.COMPLETED
                : MigrationEventType.STARTED;
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> new MigrationEvent(e.host(), e.migrationId(), e.domainName(), e.domainUuid(), other, e.source(),
                        e.destination(), e.kind(), e.options(), e.progress(), e.result(), e.failure(), e.timestamp()));
        assertTrue(wrong.getMessage().contains(other.toString()), wrong.getMessage());
    }

    @Test
    void typesNameTheirCloudEventTypeAndOnlyTheEndsAreTerminal() {
        assertEquals("org.bhyvirt.migration.switchover", MigrationEventType.SWITCHOVER.cloudEventType());
        assertEquals(3, java.util.Arrays.stream(MigrationEventType.values()).filter(MigrationEventType::terminal).count());
    }
}
