package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bridged interfaces get a tap created with the host's ifconfig, removed again at stop. */
class NetworkTest extends OnEmulatedHost.WithDriver {

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.idleDisk();
    }


    private String withNic(String name, String bridge) {
        return EmulatedHost.domainXml(name, UUID.randomUUID(), 32, 1, disk).replace("  </devices>",
                "    <interface type='bridge'><source bridge='" + bridge + "'/><model type='virtio'/></interface>\n"
                        + "  </devices>");
    }

    @Test
    void startCreatesATapInTheBridgeAndStopDestroysIt() throws Exception {
        host.ifconfig("bridge0", "create");
        driver.defineXML(withNic("net1", "bridge0"), 0);
        driver.start("net1", 0);
        assertEquals("bridge0 tap0", host.ifconfig("-l"));
        String status = Files.readString(host.stateDir.resolve("run/net1.status"));
        assertTrue(status.contains("tap.0=bridge0/tap0"), status);
        host.awaitGuestUp("net1");
        driver.destroy("net1", 0);
        assertEquals("bridge0", host.ifconfig("-l"));
    }

    @Test
    void aMissingBridgeFailsTheStartAndLeavesNoTap() {
        driver.defineXML(withNic("net2", "bridge7"), 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.start("net2", 0));
        assertEquals(VirErrorNumber.OPERATION_FAILED, e.number());
        assertEquals("", host.ifconfig("-l"));
        assertTrue(driver.listAllDomains(0).stream().allMatch(r -> r.id() == -1));
    }
}
