package org.bhyvirt.driver.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.AtomicFiles;
import org.bhyvirt.driver.host.HostConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreTest {

    @TempDir
    Path dir;

    @Test
    void runtimeStatusSurvivesAFormatParseRoundTrip() {
        RuntimeStatus s = new RuntimeStatus(4242, 4241, Optional.of(Instant.parse("2026-11-22T02:00:00.120Z")),
                DomainStateReason.PAUSED_USER, 4242, List.of("bhyve", "-c", "1", "vm=1 with space"),
                List.of("bridge0/tap3"), true);
        assertEquals(s, RuntimeStatus.parse(s.format()));
    }

    @Test
    void aRuntimeStatusOfAnotherFormatIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RuntimeStatus.parse("format=other\n"));
        assertThrows(IllegalArgumentException.class, () -> RuntimeStatus.parse("format=bhyvirt-runtime-status-1\nbhyvePid=x\n"));
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("d.xml");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertEquals("two", Files.readString(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", ".hidden", "a/b", "a\\b", "x\u0000y", "tab\there"})
    void theStoreRefusesNamesThatAreNotOnePlainPathElement(String name) {
        DomainStore store = new DomainStore(HostConfig.emulated("h", dir, dir.resolve("bin"), dir.resolve("emu")));
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> store.saveDefinition(name, "<domain/>"));
        assertEquals(VirErrorNumber.INVALID_ARG, e.number());
    }

    @Test
    void loadingReportsUnparsableAndMisnamedDefinitions() throws Exception {
        HostConfig config = HostConfig.emulated("h", dir, dir.resolve("bin"), dir.resolve("emu"));
        DomainStore store = new DomainStore(config);
        store.saveDefinition("good", "good");
        store.saveDefinition("broken", "!");
        store.saveDefinition("misnamed", "other");
        DomainStore.Loaded<String> loaded = store.loadDefinitions(text -> {
            if (text.equals("!")) {
                throw new IllegalArgumentException("not XML");
            }
            return text;
        }, name -> name);
        assertEquals(List.of("good"), loaded.definitions());
        assertEquals(2, loaded.broken().size());
        assertTrue(loaded.broken().stream().anyMatch(b -> b.problem().equals("not XML")));
        assertTrue(loaded.broken().stream().anyMatch(b -> b.problem().contains("defines domain 'other'")));
    }

    @Test
    void aTemporaryFileLeftByACrashedWriteIsNotADefinition() throws Exception {
        HostConfig config = HostConfig.emulated("h", dir, dir.resolve("bin"), dir.resolve("emu"));
        DomainStore store = new DomainStore(config);
        store.saveDefinition("whole", "whole");
        Files.createDirectories(config.definitionsDir());
        Files.writeString(config.definitionsDir().resolve(".half.xml.123.tmp"), "<dom");
        DomainStore.Loaded<String> loaded = store.loadDefinitions(t -> t, t -> t);
        assertEquals(List.of("whole"), loaded.definitions());
        assertTrue(loaded.broken().isEmpty());
    }
}
