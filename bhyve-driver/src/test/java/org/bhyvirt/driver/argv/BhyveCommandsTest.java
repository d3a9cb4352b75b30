package org.bhyvirt.driver.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class BhyveCommandsTest {

    private static final BhyveCommands BUILT = new BhyveCommands(
            List.of("bhyve", "-c", "2", "-m", "256M", "-s", "0:0,hostbridge", "vm0"),
            Optional.of(List.of("bhyveload", "-m", "256M", "vm0")), Optional.empty(), Optional.empty());

    @Test
    void aRestoreAddsDashRAndTheCheckpointRightBeforeTheVmName() {
        assertEquals(List.of("bhyve", "-c", "2", "-m", "256M", "-s", "0:0,hostbridge", "-r", "/var/tmp/vm0.ckp", "vm0"),
                BUILT.withRestore(Path.of("/var/tmp/vm0.ckp")).bhyveArgv());
    }

    @Test
    void aMigrationReceiverAddsCapitalRWithHostCommaPortAsThePatchParsesIt() {
        BhyveCommands r = BUILT.withMigrationReceiver("10.0.0.2", 24983);
        assertEquals(List.of("bhyve", "-c", "2", "-m", "256M", "-s", "0:0,hostbridge", "-R", "10.0.0.2,24983", "vm0"),
                r.bhyveArgv());
        assertEquals(BUILT.loaderArgv(), r.loaderArgv(), "the loader still creates the VM first");
    }

    enum BadReceiver {
        EMPTY_HOST("", 24983),
        HOST_WITH_COMMA("10.0.0.2,1", 24983),
        HOST_WITH_BLANK("10.0.0.2 ", 24983),
        PORT_ZERO("10.0.0.2", 0),
        PORT_TOO_LARGE("10.0.0.2", 65536);

        final String host;
        final int port;

        BadReceiver(String host, int port) {
            this.host = host;
            this.port = port;
        }
    }

    @ParameterizedTest
    @EnumSource(BadReceiver.class)
    void aReceiverAddressThePatchCannotParseIsRefused(BadReceiver bad) {
        assertThrows(IllegalArgumentException.class, () -> BUILT.withMigrationReceiver(bad.host, bad.port));
    }
}
