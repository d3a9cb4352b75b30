package org.bhyvirt.emulator.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bhyvirt.emulator.guest.GuestImageHeader;
import org.bhyvirt.emulator.guest.VcpuState;
import org.bhyvirt.emulator.guest.Workload;
import org.bhyvirt.emulator.snapshot.CheckpointMeta;
import org.bhyvirt.emulator.snapshot.KernelState;
import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * Runs the state save and restore code once on throw-away data, so that a migration's
 * {@code save-state} (source) and {@code restore-state} (destination), which run inside its
 * downtime, are not the first use of that code in this JVM: measured on the emulator, a first
 * {@code save-state} costs some 30 ms of class loading and interpretation, a second one 2 ms.
 * Touches nothing but a scratch file it removes; never fails the bhyve (a failure only means the
 * first real save is slower).
 */
final class StateWarmup {
    private static final System.Logger LOG = System.getLogger(StateWarmup.class.getName());

    private StateWarmup() {
    }

    /** Warms up on the calling thread; {@code scratch} is a file it may create and removes. */
    static void run(String vmName, MemoryLayout layout, int vcpus, List<String> devices, Path scratch) {
        try {
            Workload w = GuestImageHeader.parse(GuestImageHeader.format(new Workload(true, 0.5, -1, 1 << 20,
                    Workload.Pattern.RANDOM, 0.1, 0.1, Workload.Acpi.HONOR)));
            byte[] kern = new KernelState(GuestImageHeader.format(w), List.of(VcpuState.atBoot(0, 1)), devices)
                    .toBytes();
            CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.FORMAT_VERSION, vmName, layout.memBytes(),
                    layout.lowmem(), layout.highmem(), vcpus, devices, kern.length, true);
            Files.write(Path.of(scratch + ".kern"), kern);
            Files.writeString(Path.of(scratch + ".meta"), meta.toJson(), StandardCharsets.UTF_8);
            CheckpointMeta.fromJson(Files.readString(Path.of(scratch + ".meta")));
            KernelState.fromBytes(Files.readAllBytes(Path.of(scratch + ".kern")));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "state warm-up of " + vmName + " failed: " + e);
        } finally {
            try {
                Files.deleteIfExists(Path.of(scratch + ".kern"));
                Files.deleteIfExists(Path.of(scratch + ".meta"));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "removing the warm-up files of " + vmName + ": " + e);
            }
        }
    }

    /** Warms up on a background daemon thread of minimum priority. */
    static void inBackground(String vmName, MemoryLayout layout, int vcpus, List<String> devices, Path scratch) {
        Thread t = new Thread(null, () -> run(vmName, layout, vcpus, devices, scratch), "state warm-up", 256 * 1024);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
