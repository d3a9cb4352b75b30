package org.bhyvirt.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    private static final List<String> REQUIRED = List.of("--a", "http://127.0.0.1:1/bhyvirt", "--b", "http://127.0.0.1:2/bhyvirt",
            "--a-vm-dir", "/dev/shm/bhyvirt-host-a", "--b-vm-dir", "/dev/shm/bhyvirt-host-b", "--emulator-bin", "/r/bin",
            "--example", "/r/x.xml", "--work-dir", "/w");

    @Test
    void theRequiredOptionsAloneGiveTheDefaultWorkload() {
        DemoOptions o = DemoOptions.parse(REQUIRED);
        assertEquals(new DemoOptions("http://127.0.0.1:1/bhyvirt", "http://127.0.0.1:2/bhyvirt",
                Path.of("/dev/shm/bhyvirt-host-a"), Path.of("/dev/shm/bhyvirt-host-b"), Path.of("/r/bin"),
                Path.of("/r/x.xml"), Path.of("/w"), "25%", "64MiB/s", 60), o);
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        List<String> args = new ArrayList<>(REQUIRED.subList(0, REQUIRED.size() - 2));
        assertEquals("missing option --work-dir",
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(args)).getMessage());
    }

    @Test
    void anUnknownOptionIsNamed() {
        List<String> args = new ArrayList<>(REQUIRED);
        args.addAll(List.of("--keep", "yes"));
        assertEquals("unknown option --keep",
                assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse(args)).getMessage());
    }
}
