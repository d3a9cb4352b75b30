package org.bhyvirt.driver.vmm.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IoctlTest {

    @Test
    void encodesFreeBsdsWellKnownFileIoctls() {
        // sys/sys/filio.h: FIONREAD = _IOR('f', 127, int), FIONBIO = _IOW('f', 126, int), FIOCLEX = _IO('f', 1)
        assertEquals(0x4004667FL, Ioctl.ior('f', 127, 4));
        assertEquals(0x8004667EL, Ioctl.iow('f', 126, 4));
        assertEquals(0x20006601L, Ioctl.io('f', 1));
    }

    @Test
    void encodesTheMigrationPatchIoctlsAsTheReferenceComputesThem() {
        // reference §2.5: VM_GET_DIRTY_PAGE_LIST = 0xC0307675 (48-byte arg), VM_COPY_VMM_PAGES = 0xC0D07676 (208)
        assertEquals(0xC0307675L, Ioctl.iowr('v', 117, 48));
        assertEquals(0xC0D07676L, Ioctl.iowr('v', 118, 208));
    }

    /** Request numbers: the reference's (§2.5, §3) where it quotes one, else computed here by hand. */
    enum Expected {
        VM_SUSPEND(0x80047604L),
        VM_ALLOC_MEMSEG(0x8020760EL),
        VM_MMAP_MEMSEG(0x80287610L),
        VM_MMAP_GETNEXT(0xC0287611L),
        VM_GET_REGISTER(0xC0107615L),
        VM_GET_CPUS(0x8010765BL),
        VM_SUSPEND_CPU(0x8004765CL),
        VM_RESUME_CPU(0x8004765DL),
        VM_SNAPSHOT_REQ(0xC0487671L),
        VM_GET_DIRTY_PAGE_LIST(0xC0307675L),
        VM_COPY_VMM_PAGES(0xC0D07676L);

        final long request;

        Expected(long request) {
            this.request = request;
        }
    }

    @ParameterizedTest
    @EnumSource(Expected.class)
    void everyVmmIoctlEncodesToItsRecordedNumber(Expected expected) {
        VmmIoctl ioctl = VmmIoctl.valueOf(expected.name());
        assertEquals(Long.toHexString(expected.request), Long.toHexString(ioctl.request()));
    }

    @Test
    void everyVmmIoctlHasARecordedNumber() {
        assertEquals(VmmIoctl.values().length, Expected.values().length);
    }

    @Test
    void refusesLengthsThatWouldWrapTheParameterField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ioctl.iowr('v', 1, 8192));
        assertTrue(e.getMessage().contains("8192 bytes does not fit 13 bits"), e.getMessage());
        assertEquals(0xDFFF7601L, Ioctl.iowr('v', 1, 8191));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.iowr('v', 256, 4));
        assertThrows(IllegalArgumentException.class, () -> Ioctl.ioc(0x1234, 'v', 1, 4));
    }
}
