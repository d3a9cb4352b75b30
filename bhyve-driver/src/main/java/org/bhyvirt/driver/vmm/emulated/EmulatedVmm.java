package org.bhyvirt.driver.vmm.emulated;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.VmStateMetadata;
import org.bhyvirt.driver.vmm.Vmm;

/**
 * {@link Vmm} of one emulated VM: memory and dirty log mapped from its files, everything else over its
 * control socket. The state blob is the emulator's {@code FILE.kern} (format {@value #STATE_FORMAT}: the
 * magic {@code BHYVKERN} and a big-endian int version, then vCPU and device state); its metadata comes from
 * {@code FILE.meta}. An operation after {@link #close()} fails with {@code VIR_ERR_OPERATION_INVALID}.
 */
public final class EmulatedVmm implements Vmm {
    /** Format name of the emulator's state blob. */
    public static final String STATE_FORMAT = "bhyvirt-emulator-kern";
    private static final long KERN_MAGIC = 0x4248_5956_4B45_524EL;
    private final String name;
    private final MemoryLayout layout;
    private final MappedGuestMemory memory;
    private final DirtyLog dirty;
    private final ControlChannel control;
    private final Path stagingDir;
    private final Path vmDir;
    private volatile boolean closed;

    private EmulatedVmm(String name, Path vmDir, MemoryLayout layout, MappedGuestMemory memory, DirtyLog dirty,
                        ControlChannel control, Path stagingDir) {
        this.name = name;
        this.vmDir = vmDir;
        this.layout = layout;
        this.memory = memory;
        this.dirty = dirty;
        this.control = control;
        this.stagingDir = stagingDir;
    }

    static EmulatedVmm attach(String name, Path vmDir, MemoryLayout layout, Path stagingDir) throws IOException {
        return new EmulatedVmm(name, vmDir, layout, MappedGuestMemory.map(vmDir.resolve("mem"), layout),
                DirtyLog.map(vmDir.resolve("dirty"), layout), new ControlChannel(name, vmDir.resolve("ctl.sock")),
                stagingDir);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MemoryLayout layout() {
        return layout;
    }

    @Override
    public GuestMemory memory() {
        open();
        return memory;
    }

    @Override
    public boolean incoming() {
        open();
        return !control.present() || waitingBhyve();
    }

    /** Whether a bhyve serves this VM and waits for its state (an incoming checkpoint's restore). */
    private boolean waitingBhyve() {
        try {
            return Boolean.TRUE.equals(control.call("status", null).get("incoming"));
        } catch (ControlChannel.Refused | BhyveDriverException e) {
            return false;
        }
    }

    @Override
    public Path stageIncoming(int vcpus, Path checkpoint) {
        open();
        if (control.present()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "VM " + name
                    + " has a bhyve already; only an incoming VM without one can be staged for a waiting start");
        }
        if (vcpus < 1) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "VM " + name + ": " + vcpus + " vCPUs");
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "bhyvirt-emulator-checkpoint");
        meta.put("formatVersion", 1);
        meta.put("vmname", name);
        meta.put("memsize", layout.memoryBytes());
        meta.put("lowmem", layout.lowmemBytes());
        meta.put("highmem", layout.highmemBytes());
        meta.put("pageSize", MemoryLayout.PAGE_SIZE);
        meta.put("ncpus", vcpus);
        meta.put("devices", List.of());
        meta.put("kernSize", 0);
        meta.put("memory", "incoming");
        try {
            Files.deleteIfExists(Path.of(checkpoint + ".kern"));
            Files.writeString(Path.of(checkpoint + ".meta"), FlatJson.write(meta) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED, "cannot write the incoming checkpoint of VM "
                    + name + " to " + checkpoint + ".meta: " + e.getMessage(), e);
        }
        return checkpoint;
    }

    @Override
    public void awaitIncoming(Duration timeout) {
        open();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (control.present() && waitingBhyve()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT, "no bhyve of VM " + name
                        + " waits for its incoming state after " + timeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED, "interrupted while waiting for "
                        + "the bhyve of VM " + name, e);
            }
        }
    }

    @Override
    public DirtyPages collectAndClearDirty() {
        open();
        return dirty.collectAndClear();
    }

    @Override
    public void pause() {
        running().require("pause", null);
    }

    @Override
    public void resume() {
        running().require("resume", null);
    }

    @Override
    public boolean paused() {
        return Boolean.TRUE.equals(running().require("status", null).get("paused"));
    }

    @Override
    public void throttle(int percent) {
        if (percent < 0 || percent > 99) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "throttle of VM " + name + ": " + percent
                    + "% is outside 0..99");
        }
        running().require("throttle", Integer.toString(percent));
    }

    @Override
    public VmState saveState() {
        ControlChannel c = runningAndPaused("save the state of");
        Path dir = staging();
        try {
            Path file = dir.resolve("state");
            c.require("save-state", file.toString());
            byte[] kern = Files.readAllBytes(Path.of(file + ".kern"));
            Map<String, Object> meta = FlatJson.parseObject(Files.readString(Path.of(file + ".meta")));
            return new VmState(new VmStateMetadata(STATE_FORMAT, kernVersion(kern), (int) num(meta, "ncpus"),
                    num(meta, "memsize"), strings(meta, "devices")), kern);
        } catch (IOException | IllegalArgumentException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "cannot read the saved state of VM "
                    + name + ": " + e.getMessage(), e);
        } finally {
            removeStaging(dir);
        }
    }

    @Override
    public void restoreState(VmState state) {
        ControlChannel c = runningAndPaused("restore the state of");
        checkFits(state);
        Path dir = staging();
        try {
            Path file = writeStateFiles(state, dir.resolve("state"));
            try {
                c.call("restore-state", file.toString());
            } catch (ControlChannel.Refused r) {
                VirErrorNumber n = r.getMessage().contains("does not fit") || r.getMessage().contains("another workload")
                        ? VirErrorNumber.CONFIG_UNSUPPORTED : VirErrorNumber.OPERATION_FAILED;
                throw new BhyveDriverException(n, "VM " + name + " refused the state: " + r.getMessage());
            }
        } finally {
            removeStaging(dir);
        }
    }

    @Override
    public Path stageResume(VmState state, Path checkpoint) {
        open();
        if (control.present()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "VM " + name
                    + " runs a guest; only an incoming VM can be staged for resume");
        }
        checkFits(state);
        return writeStateFiles(state, checkpoint);
    }

    @Override
    public void destroyIncoming() {
        open();
        if (control.present()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "VM " + name
                    + " runs a guest; only an incoming VM is destroyed through its Vmm");
        }
        Path lockFile = vmDir.resolve("bhyve.lock");
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.tryLock()) {
            if (held == null) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "a bhyve is starting VM " + name
                        + " (it holds " + lockFile + "); the VM is not destroyed");
            }
            closed = true;
            try (var files = Files.list(vmDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(vmDir);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot destroy incoming VM " + name + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkFits(VmState state) {
        VmStateMetadata m = state.metadata();
        if (!STATE_FORMAT.equals(m.format()) || m.version() != 1) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "VM " + name + " cannot restore a state of format "
                    + m.format() + " version " + m.version() + " (it reads " + STATE_FORMAT + " version 1)");
        }
        if (m.memoryBytes() != layout.memoryBytes()) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "the state is of a guest with "
                    + m.memoryBytes() + " bytes of memory, VM " + name + " has " + layout.memoryBytes());
        }
        byte[] blob = state.blob();
        if (blob.length < 12 || kernVersion(blob) != m.version()) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "the state blob for VM " + name
                    + " is not an emulator kernel state of version " + m.version());
        }
    }

    private Path writeStateFiles(VmState state, Path file) {
        VmStateMetadata m = state.metadata();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "bhyvirt-emulator-checkpoint");
        meta.put("formatVersion", 1);
        meta.put("vmname", name);
        meta.put("memsize", layout.memoryBytes());
        meta.put("lowmem", layout.lowmemBytes());
        meta.put("highmem", layout.highmemBytes());
        meta.put("pageSize", MemoryLayout.PAGE_SIZE);
        meta.put("ncpus", m.vcpus());
        meta.put("devices", m.devices());
        meta.put("kernSize", state.size());
        meta.put("memory", "in-place");
        try {
            Files.write(Path.of(file + ".kern"), state.blob());
            Files.writeString(Path.of(file + ".meta"), FlatJson.write(meta) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED, "cannot write the state of VM " + name
                    + " to " + file + ".kern/.meta: " + e.getMessage(), e);
        }
        return file;
    }

    private static int kernVersion(byte[] kern) {
        ByteBuffer b = ByteBuffer.wrap(kern).order(ByteOrder.BIG_ENDIAN);
        if (kern.length < 12 || b.getLong(0) != KERN_MAGIC) {
            throw new IllegalArgumentException("not an emulator kernel state (bad magic)");
        }
        return b.getInt(8);
    }

    private ControlChannel running() {
        open();
        return control;
    }

    private ControlChannel runningAndPaused(String what) {
        ControlChannel c = running();
        if (!Boolean.TRUE.equals(c.require("status", null).get("paused"))) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot " + what + " VM " + name
                    + ": its vCPUs run (pause it first)");
        }
        return c;
    }

    private void open() {
        if (closed) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "the Vmm of VM " + name + " is closed");
        }
    }

    private Path staging() {
        try {
            Files.createDirectories(stagingDir);
            return Files.createTempDirectory(stagingDir, "bhyvirt-vmm-state-");
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot create a staging directory in "
                    + stagingDir + ": " + e.getMessage(), e);
        }
    }

    private static void removeStaging(Path dir) {
        try (var s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: the directory is private and temporary
            dir.toFile().deleteOnExit();
        }
    }

    private static long num(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Long v)) {
            throw new IllegalArgumentException("state metadata field '" + key + "' missing or not an integer");
        }
        return v;
    }

    private static List<String> strings(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) {
            throw new IllegalArgumentException("state metadata field '" + key + "' missing or not a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
