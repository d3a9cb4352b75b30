package org.bhyvirt.driver.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareSelectorTest {

    @TempDir
    Path dir;

    @Test
    void bhyveUefiFdIsPreferred() throws IOException {
        Files.createFile(dir.resolve("AAA.fd"));
        Files.createFile(dir.resolve("BHYVE_UEFI.fd"));
        assertEquals(dir.resolve("BHYVE_UEFI.fd"), FirmwareSelector.select(dir));
    }

    @Test
    void otherwiseTheFirstNonDotEntryIsChosen() throws IOException {
        Files.createFile(dir.resolve(".hidden"));
        Files.createFile(dir.resolve("zz.fd"));
        Files.createFile(dir.resolve("refind_x64.efi"));
        assertEquals(dir.resolve("refind_x64.efi"), FirmwareSelector.select(dir));
    }

    @Test
    void anEmptyDirectoryIsRefused() throws IOException {
        Files.createFile(dir.resolve(".only-hidden"));
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> FirmwareSelector.select(dir));
        assertEquals(VirErrorNumber.CONFIG_UNSUPPORTED, e.number());
        assertEquals("no firmwares found in " + dir, e.getMessage());
    }

    @Test
    void aMissingDirectoryIsRefused() {
        assertThrows(BhyveDriverException.class, () -> FirmwareSelector.select(dir.resolve("missing")));
    }
}
