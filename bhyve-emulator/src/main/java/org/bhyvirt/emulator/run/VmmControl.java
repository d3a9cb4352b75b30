package org.bhyvirt.emulator.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bhyvirt.emulator.control.ControlCommand;
import org.bhyvirt.emulator.guest.Guest;
import org.bhyvirt.emulator.guest.GuestImageHeader;
import org.bhyvirt.emulator.snapshot.CheckpointMeta;
import org.bhyvirt.emulator.snapshot.KernelState;
import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * The control commands a migration's {@code Vmm} uses on a running bhyve: {@code pause} and {@code resume}
 * (idempotent, unlike the nesting pauses of checkpoints and self-checks, which work inside them),
 * {@code throttle PERCENT}, {@code save-state FILE} and {@code restore-state FILE} (vCPU and device state
 * only, refused unless paused, so the state always matches the memory), and the test hook
 * {@code debug-drop-dirty N}, refused unless the bhyve was started with {@value #TEST_HOOKS_ENV}{@code =1}
 * in its environment. Failures are IllegalStateException or IllegalArgumentException naming what failed.
 *
 * <p>A bhyve restoring an incoming checkpoint ({@code "memory": "incoming"}) starts here <em>waiting</em>:
 * no guest yet, paused; {@code restore-state FILE} makes the guest from the VM's memory and FILE.kern
 * (through {@link GuestFactory}), still paused, and the first {@code resume} starts its vCPUs. Until the
 * state came, every command that needs a guest is refused and {@code resume} is refused too.
 */
final class VmmControl {
    /** Makes the guest of a waiting bhyve from the received state (not started). */
    @FunctionalInterface
    interface GuestFactory {
        Guest restore(KernelState state);
    }

    /** Environment variable that enables test hooks in a bhyve. */
    static final String TEST_HOOKS_ENV = "BHYVIRT_EMU_TEST_HOOKS";
    private static final long MAX_KERN_BYTES = 16L << 20;
    private Guest guest;
    private final GuestFactory factory;
    private boolean waiting;
    private final String vmName;
    private final MemoryLayout layout;
    private final int vcpus;
    private final List<String> devices;
    private final boolean testHooks;
    private boolean paused;

    VmmControl(Guest guest, String vmName, MemoryLayout layout, int vcpus, List<String> devices, boolean testHooks) {
        this(guest, null, vmName, layout, vcpus, devices, testHooks);
    }

    /** Control of a bhyve waiting for its state: {@code factory} makes the guest at {@code restore-state}. */
    static VmmControl waiting(GuestFactory factory, String vmName, MemoryLayout layout, int vcpus,
            List<String> devices, boolean testHooks) {
        return new VmmControl(null, factory, vmName, layout, vcpus, devices, testHooks);
    }

    private VmmControl(Guest guest, GuestFactory factory, String vmName, MemoryLayout layout, int vcpus,
            List<String> devices, boolean testHooks) {
        this.guest = guest;
        this.factory = factory;
        this.waiting = guest == null;
        this.paused = guest == null;
        this.vmName = vmName;
        this.layout = layout;
        this.vcpus = vcpus;
        this.devices = List.copyOf(devices);
        this.testHooks = testHooks;
    }

    /** Whether test hooks are enabled by this process's environment. */
    static boolean testHooksEnabled() {
        return "1".equals(System.getenv(TEST_HOOKS_ENV));
    }

    /** Whether this bhyve still waits for its state or for the resume that starts the restored guest. */
    synchronized boolean waiting() {
        return waiting;
    }

    /** Whether this bhyve has a guest (false while it waits for its state). */
    synchronized boolean hasGuest() {
        return guest != null;
    }

    /** Whether a {@code pause} is in force. */
    synchronized boolean paused() {
        return paused;
    }

    /** Executes one of this class's commands. */
    synchronized Map<String, Object> execute(ControlCommand command, String argument) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (command) {
            case PAUSE -> {
                if (!paused) {
                    guest.pause();
                    paused = true;
                }
                m.put("paused", true);
            }
            case RESUME -> {
                if (waiting) {
                    requireGuest(command);
                    waiting = false;
                    paused = false;
                    guest.start();
                } else if (paused) {
                    paused = false;
                    guest.resume();
                }
                m.put("paused", false);
            }
            case THROTTLE -> {
                requireGuest(command);
                guest.throttle(number(command, argument, 0, 99));
                m.put("throttlePercent", guest.throttlePercent());
            }
            case SAVE_STATE -> {
                requirePaused(command);
                requireGuest(command);
                Path file = path(argument);
                byte[] kern = currentState().toBytes();
                Files.write(Path.of(file + ".kern"), kern);
                Files.writeString(Path.of(file + ".meta"), meta(kern.length).toJson(), StandardCharsets.UTF_8);
                m.put("file", file.toString());
                m.put("kernSize", kern.length);
            }
            case RESTORE_STATE -> {
                requirePaused(command);
                Path file = path(argument);
                KernelState kern = readState(file);
                if (guest == null) {
                    guest = factory.restore(kern);
                } else {
                    guest.replaceVcpuStates(kern.vcpus());
                }
                m.put("file", file.toString());
                m.put("pagesWritten", guest.pagesWritten());
            }
            case DEBUG_DROP_DIRTY -> {
                if (!testHooks) {
                    throw new IllegalStateException("debug-drop-dirty is a test hook: start bhyve with "
                            + TEST_HOOKS_ENV + "=1 to enable it");
                }
                requireGuest(command);
                long n = number(command, argument, 0, Integer.MAX_VALUE);
                guest.dropNextDirtyBits(n);
                m.put("dropping", n);
            }
            default -> throw new IllegalArgumentException("command '" + command.wireName() + "' is not a Vmm command");
        }
        return m;
    }

    private KernelState currentState() {
        String header = guest.workload().active() ? GuestImageHeader.format(guest.workload()) : "";
        return new KernelState(header, guest.vcpuStates(), devices);
    }

    private CheckpointMeta meta(long kernSize) {
        return new CheckpointMeta(CheckpointMeta.FORMAT_VERSION, vmName, layout.memBytes(), layout.lowmem(),
                layout.highmem(), vcpus, devices, kernSize, true);
    }

    private KernelState readState(Path file) throws IOException {
        Path metaFile = Path.of(file + ".meta");
        Path kernFile = Path.of(file + ".kern");
        if (Files.size(kernFile) > MAX_KERN_BYTES) {
            throw new IllegalArgumentException(kernFile + " is larger than " + MAX_KERN_BYTES + " bytes");
        }
        CheckpointMeta meta = CheckpointMeta.fromJson(Files.readString(metaFile));
        if (meta.formatVersion() != CheckpointMeta.FORMAT_VERSION || meta.memSize() != layout.memBytes()
                || meta.vcpus() != vcpus || !meta.devices().equals(devices)) {
            throw new IllegalArgumentException("state " + file + " (format " + meta.formatVersion() + ", "
                    + meta.memSize() + " bytes, " + meta.vcpus() + " vCPUs, devices " + meta.devices()
                    + ") does not fit this guest (" + layout.memBytes() + " bytes, " + vcpus + " vCPUs, devices "
                    + devices + ")");
        }
        KernelState kern = KernelState.fromBytes(Files.readAllBytes(kernFile));
        String header = guest == null ? kern.workloadHeader() : currentState().workloadHeader();
        if (!kern.workloadHeader().equals(header) || !kern.devices().equals(devices)
                || kern.vcpus().size() != vcpus) {
            throw new IllegalArgumentException("state " + kernFile + " is of another workload or device set");
        }
        return kern;
    }

    private void requireGuest(ControlCommand command) {
        if (guest == null) {
            throw new IllegalStateException(command.wireName() + ": VM " + vmName
                    + " waits for its incoming state (send 'restore-state FILE' first)");
        }
    }

    private void requirePaused(ControlCommand command) {
        if (!paused) {
            throw new IllegalStateException(command.wireName() + " needs the vCPUs paused (send 'pause' first)");
        }
    }

    private static Path path(String argument) {
        Path p = Path.of(argument);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("state file '" + argument + "' is not an absolute path");
        }
        return p;
    }

    private static int number(ControlCommand command, String argument, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(argument.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(command.wireName() + " needs a number, got '" + argument + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(command.wireName() + " " + n + " is outside " + min + ".." + max);
        }
        return n;
    }
}
