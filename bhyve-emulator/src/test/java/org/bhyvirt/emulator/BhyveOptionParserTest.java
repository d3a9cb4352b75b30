package org.bhyvirt.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bhyvirt.emulator.cli.BhyveOptionParser;
import org.bhyvirt.emulator.cli.BhyveOptions;
import org.bhyvirt.emulator.cli.ExitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** bhyve's -c, -m and -s rules as the emulator applies them. */
class BhyveOptionParserTest {
    private final BhyveOptionParser parser =
            new BhyveOptionParser(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    /** -c specifications and the vCPU count and topology they give. */
    enum CpuSpec {
        PLAIN_COUNT("4", 4, List.of(4, 1, 1)),
        CPUS_KEY("cpus=2", 2, List.of(2, 1, 1)),
        FULL_TOPOLOGY("cpus=8,sockets=2,cores=2,threads=2", 8, List.of(2, 2, 2)),
        TOPOLOGY_WITHOUT_COUNT("sockets=1,cores=4", 4, List.of(1, 4, 1));

        final String spec;
        final int vcpus;
        final List<Integer> topology;

        CpuSpec(String spec, int vcpus, List<Integer> topology) {
            this.spec = spec;
            this.vcpus = vcpus;
            this.topology = topology;
        }
    }

    @ParameterizedTest
    @EnumSource(CpuSpec.class)
    void cpuSpecificationsGiveVcpusAndTopology(CpuSpec c) {
        BhyveOptions o = parser.parse(new String[] {"-c", c.spec, "vm"});
        assertEquals(c.vcpus, o.vcpus());
        assertEquals(c.topology, o.topology());
    }

    @Test
    void memoryBelowOneMegabyteMeansMegabytesAndDevicesKeepArgvOrder() {
        BhyveOptions o = parser.parse(new String[] {"-m", "214", "-s", "0:0,hostbridge", "-s", "31,lpc",
                "-s", "2:0,virtio-rnd", "-l", "com1,/dev/nmdm0A", "vm"});
        assertEquals(214L << 20, o.memBytes());
        assertEquals(List.of("0:0,hostbridge", "31:0,lpc", "2:0,virtio-rnd"),
                o.devices().stream().map(d -> d.argument()).toList());
        assertEquals("/dev/nmdm0A", o.lpc().get("com1"));
        assertEquals("vm", o.vmName());
    }

    @Test
    void badCpuSpecificationsExitWithUsageStatus() {
        ExitException e = assertThrows(ExitException.class, () -> parser.parse(new String[] {"-c", "cpus=two", "vm"}));
        assertEquals(BhyveOptionParser.EX_USAGE, e.status());
        assertTrue(e.getMessage().contains("invalid cpu topology 'cpus=two'"));
        assertEquals(BhyveOptionParser.EX_USAGE,
                assertThrows(ExitException.class, () -> parser.parse(new String[] {"-c", "dies=2", "vm"})).status());
    }
}
