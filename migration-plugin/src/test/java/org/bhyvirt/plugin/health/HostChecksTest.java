package org.bhyvirt.plugin.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.bhyvirt.plugin.config.BhyvePrograms;
import org.bhyvirt.plugin.host.HostStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostChecksTest {

    @TempDir
    Path dir;

    @Test
    void aWritableDirectoryIsUpAndLeftAsItWas() throws IOException {
        CheckResult r = HostChecks.writable(dir);
        assertTrue(r.up());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aMissingDirectoryIsDownNamingIt() {
        CheckResult r = HostChecks.writable(dir.resolve("gone"));
        assertFalse(r.up());
        assertEquals(dir.resolve("gone").toString(), r.data().get("directory"));
        assertTrue(r.data().get("error").startsWith("NoSuchFileException"), r.data().toString());
    }

    @Test
    void programsPresentAndExecutableAreUp() throws IOException {
        for (String p : BhyvePrograms.PROGRAMS) {
            Files.createFile(dir.resolve(p), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        CheckResult r = HostChecks.programsPresent(new BhyvePrograms.Emulated(dir, dir.resolve("vms")));
        assertTrue(r.up(), r.data().toString());
        assertEquals("emulator", r.data().get("kind"));
    }

    @Test
    void aMissingOrNonExecutableProgramIsDownNamingIt() throws IOException {
        Files.createFile(dir.resolve("bhyve"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createFile(dir.resolve("bhyvectl"));
        CheckResult r = HostChecks.programsPresent(new BhyvePrograms.Real(dir, dir.resolve("grub-bhyve")));
        assertFalse(r.up());
        assertEquals(dir.resolve("bhyvectl") + ", " + dir.resolve("bhyveload"), r.data().get("missing"));
        assertEquals("bhyve", r.data().get("kind"));
    }

    @Test
    void onlyAServingHostIsReady() {
        for (HostStatus.Phase phase : HostStatus.Phase.values()) {
            CheckResult r = HostChecks.serving(new HostStatus(phase, "because"));
            assertEquals(phase == HostStatus.Phase.READY, r.up(), phase.name());
            assertEquals(phase.name(), r.data().get("phase"));
        }
    }

    @Test
    void onlyAFailedHostIsNotAlive() {
        for (HostStatus.Phase phase : HostStatus.Phase.values()) {
            CheckResult r = HostChecks.alive(new HostStatus(phase, "bhyvirt.state.dir: bad"));
            assertEquals(phase != HostStatus.Phase.FAILED, r.up(), phase.name());
        }
        assertEquals("bhyvirt.state.dir: bad",
                HostChecks.alive(new HostStatus(HostStatus.Phase.FAILED, "bhyvirt.state.dir: bad")).data().get("detail"));
    }
}
