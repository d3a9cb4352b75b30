package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuestMachineTest {

    @Test
    void aCommandLineGivesItsMemoryAndItsDevicesWithoutHostPathsOrTapNames() {
        List<String> argv = List.of("bhyve", "-c", "2", "-m", "214", "-u", "-H", "-P",
                "-s", "0:0,hostbridge",
                "-s", "2:0,ahci,hd:/tmp/freebsd1.img,cd:/tmp/install.iso",
                "-s", "3:0,virtio-net,tap7,mac=52:54:00:b9:94:02",
                "-s", "4:0,virtio-blk,/var/images/disk.img",
                "-l", "com1,/dev/nmdm0A", "-s", "1,lpc", "guest");
        assertEquals(new GuestMachine(2, 214L << 20,
                List.of("0:0,hostbridge", "2:0,ahci,hd,cd", "3:0,virtio-net", "4:0,virtio-blk", "1,lpc")),
                GuestMachine.of(2, argv));
    }

    @Test
    void twoHostsWithOtherPathsAndTapsAgreeOnTheMachine() {
        GuestMachine a = GuestMachine.of(1, List.of("bhyve", "-m", "512", "-s", "2:0,virtio-net,tap0,mac=x",
                "-s", "3:0,ahci,hd:/a.img", "a"));
        GuestMachine b = GuestMachine.of(1, List.of("bhyve", "-m", "512", "-s", "2:0,virtio-net,tap9,mac=x",
                "-s", "3:0,ahci,hd:/mnt/nfs/a.img", "a"));
        assertEquals(a, b);
        assertEquals("", a.differenceFrom(b));
    }

    @Test
    void aDifferenceIsNamedPartByPart() {
        GuestMachine source = new GuestMachine(2, 256L << 20, List.of("0:0,hostbridge", "2:0,ahci,hd"));
        GuestMachine here = new GuestMachine(4, 256L << 20, List.of("0:0,hostbridge", "2:0,ahci,cd"));
        assertEquals("2 vCPUs against 4; devices [0:0,hostbridge, 2:0,ahci,hd] against [0:0,hostbridge, 2:0,ahci,cd]",
                source.differenceFrom(here));
    }

    @ParameterizedTest
    @CsvSource({"256, 268435456", "256M, 268435456", "2g, 2147483648", "1048576k, 1073741824", "1T, 1099511627776"})
    void memorySizesAreMegabytesUnlessSuffixedAsBhyveReadsThem(String size, long bytes) {
        assertEquals(bytes, GuestMachine.memoryBytes(size));
    }

    @Test
    void aCommandLineWithoutMemoryOrWithABadSizeIsAnInternalError() {
        assertThrows(BhyveDriverException.class, () -> GuestMachine.of(1, List.of("bhyve", "-s", "0:0,hostbridge", "x")));
        assertThrows(BhyveDriverException.class, () -> GuestMachine.memoryBytes("12q"));
        assertThrows(BhyveDriverException.class, () -> GuestMachine.memoryBytes("99999999999999999g"));
    }
}
