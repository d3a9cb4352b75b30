package org.bhyvirt.migration.bench;

import java.nio.file.Path;
import java.util.List;
import org.bhyvirt.migration.bench.EngineScenarioRunner.Guest;
import org.bhyvirt.migration.engine.DestinationMemory;

/**
 * The managed engine's benchmark scenarios: the targets (an incompressible 4 GiB idle guest, an
 * all-zero 8 GiB guest, the engine's heap while a 16 GiB guest migrates), the native rows' writing guest,
 * and the engine over 1, 2 and 4 parallel channels (QEMU's best configuration here is multifd with 4). Idle and writing guests use pre-allocated destination
 * memory (as QEMU's best configuration does); the all-zero and the mostly-zero 16 GiB guests leave the
 * destination's memory on demand, so only pages that carry data are ever allocated.
 */
final class EngineScenarios {
    /** The incompressible idle 4 GiB guest, one channel. */
    static final String IDLE_4G = "engine-idle-4g";
    /** The all-zero 8 GiB guest, one channel. */
    static final String ZERO_8G = "engine-zero-8g";

    private EngineScenarios() {
    }

    /** The scenarios; the writing guest has the native rows' size {@code mem} ({@code bytes}) and working set. */
    static List<ScenarioRunner> of(String mem, long bytes, Path emulatorBin) {
        String ws = (bytes / 4 >> 20) + "MiB";
        String write = "engine-write-" + mem.toLowerCase() + "-ws" + ws.toLowerCase() + "-32mibs";
        DestinationMemory pre = DestinationMemory.PREALLOCATED;
        DestinationMemory lazy = DestinationMemory.ON_DEMAND;
        return List.of(
                new EngineScenarioRunner(IDLE_4G, "4G", 4L << 30, Guest.INCOMPRESSIBLE, "25%", "0MiB/s", 1, pre,
                        emulatorBin),
                new EngineScenarioRunner(IDLE_4G + "-ch2", "4G", 4L << 30, Guest.INCOMPRESSIBLE, "25%", "0MiB/s", 2, pre,
                        emulatorBin),
                new EngineScenarioRunner(IDLE_4G + "-ch4", "4G", 4L << 30, Guest.INCOMPRESSIBLE, "25%", "0MiB/s", 4, pre,
                        emulatorBin),
                new EngineScenarioRunner(IDLE_4G + "-on-demand", "4G", 4L << 30, Guest.INCOMPRESSIBLE, "25%", "0MiB/s", 1,
                        lazy, emulatorBin),
                new EngineScenarioRunner(ZERO_8G, "8G", 8L << 30, Guest.ALL_ZERO, "0MiB", "0MiB/s", 1, lazy, emulatorBin),
                new EngineScenarioRunner(ZERO_8G + "-ch2", "8G", 8L << 30, Guest.ALL_ZERO, "0MiB", "0MiB/s", 2, lazy,
                        emulatorBin),
                new EngineScenarioRunner(write, mem, bytes, Guest.INCOMPRESSIBLE, ws, "32MiB/s", 1, pre, emulatorBin),
                new EngineScenarioRunner(write + "-ch2", mem, bytes, Guest.INCOMPRESSIBLE, ws, "32MiB/s", 2, pre,
                        emulatorBin),
                new EngineScenarioRunner(write + "-ch4", mem, bytes, Guest.INCOMPRESSIBLE, ws, "32MiB/s", 4, pre,
                        emulatorBin),
                new EngineScenarioRunner("engine-mostly-zero-16g", "16G", 16L << 30, Guest.MOSTLY_ZERO, "64MiB",
                        "0MiB/s", 2, lazy, emulatorBin));
    }
}
