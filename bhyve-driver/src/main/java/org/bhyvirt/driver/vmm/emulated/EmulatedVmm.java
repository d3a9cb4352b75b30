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
    private static final java.util.concurrent.atomic.AtomicBoolean WARMED_UP = new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicLong STAGING_COUNTER = new java.util.concurrent.atomic.AtomicLong();
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
        EmulatedVmm vmm = new EmulatedVmm(name, vmDir, layout, MappedGuestMemory.map(vmDir.resolve("mem"), layout),
                DirtyLog.map(vmDir.resolve("dirty"), layout), new ControlChannel(name, vmDir.resolve("ctl.sock")),
                stagingDir);
        vmm.warmUpOnce();
        return vmm;
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
        ControlChannel c = running();
        Path dir = staging();
        try {
            Path file = dir.resolve("state");
            try {
                c.call("save-state", file.toString());
            } catch (ControlChannel.Refused r) {
                throw refusal("save the state of", r);
            }
            return readStateFiles(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "cannot read the saved state of VM "
                    + name + ": " + e.getMessage(), e);
        } finally {
            removeStaging(dir);
        }
    }

    @Override
    public void restoreState(VmState state) {
        ControlChannel c = running();
        checkFits(state);
        Path dir = staging();
        try {
            Path file = writeStateFiles(state, dir.resolve("state"));
            try {
                c.call("restore-state", file.toString());
            } catch (ControlChannel.Refused r) {
                if (r.getMessage().contains("does not fit") || r.getMessage().contains("another workload")) {
                    throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "VM " + name
                            + " refused the state: " + r.getMessage());
                }
                throw refusal("restore the state of", r);
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
            release();
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

    /**
     * Closes it: the memory file and the dirty bitmap leave this process's address space now (not when
     * the garbage collector gets to their buffers), so the RAM of a guest that migrated away is freed
     * with its file and no later collection stalls this JVM's page faults. Views of the memory still
     * held read zeros afterwards. Idempotent.
     */
    @Override
    public void close() {
        release();
    }

    private synchronized void release() {
        if (closed) {
            return;
        }
        closed = true;
        memory.release();
        dirty.release();
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

    private static VmState readStateFiles(Path file) throws IOException {
        byte[] kern = Files.readAllBytes(Path.of(file + ".kern"));
        Map<String, Object> meta = FlatJson.parseObject(Files.readString(Path.of(file + ".meta")));
        return new VmState(new VmStateMetadata(STATE_FORMAT, kernVersion(kern), (int) num(meta, "ncpus"),
                num(meta, "memsize"), strings(meta, "devices")), kern);
    }

    /**
     * Once per JVM: writes, reads and removes a throw-away state in the staging directory, so that
     * the first {@link #saveState()} or {@link #restoreState} (inside a migration's downtime) does
     * not pay for loading and first running that code (measured: some 15 ms). Never fails: a failure
     * only leaves the first real one slower.
     */
    private void warmUpOnce() {
        if (WARMED_UP.getAndSet(true)) {
            return;
        }
        try {
            byte[] kern = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putLong(KERN_MAGIC).putInt(1).array();
            VmState dummy = new VmState(new VmStateMetadata(STATE_FORMAT, 1, 1, layout.memoryBytes(),
                    List.of("0:0,hostbridge")), kern);
            Path dir = staging();
            try {
                readStateFiles(writeStateFiles(dummy, dir.resolve("state")));
            } finally {
                removeStaging(dir);
            }
        } catch (IOException | RuntimeException e) {
            java.lang.System.getLogger(EmulatedVmm.class.getName()).log(java.lang.System.Logger.Level.DEBUG,
                    "state warm-up in " + stagingDir + " failed: " + e);
        }
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

    /**
     * A state command's refusal: the emulator refuses one of running vCPUs ("needs the vCPUs paused"),
     * VIR_ERR_OPERATION_INVALID; anything else, VIR_ERR_OPERATION_FAILED. The emulator checks the pause
     * itself, so no status round trip precedes these commands (they run inside the downtime).
     */
    private BhyveDriverException refusal(String what, ControlChannel.Refused r) {
        boolean running = r.getMessage().contains("needs the vCPUs paused");
        return new BhyveDriverException(running ? VirErrorNumber.OPERATION_INVALID : VirErrorNumber.OPERATION_FAILED,
                "cannot " + what + " VM " + name + (running ? ": its vCPUs run (pause it first): " : ": ")
                        + r.getMessage());
    }

    private void open() {
        if (closed) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "the Vmm of VM " + name + " is closed");
        }
    }

    /**
     * A new private directory for one state's files. Named by pid and a counter rather than by
     * {@link Files#createTempDirectory}, whose first use seeds a random generator: this runs inside a
     * migration's downtime.
     */
    private Path staging() {
        try {
            Files.createDirectories(stagingDir);
            while (true) {
                Path dir = stagingDir.resolve("bhyvirt-vmm-state-" + ProcessHandle.current().pid() + "-"
                        + STAGING_COUNTER.incrementAndGet());
                try {
                    return Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // left by an earlier process of the same pid: take the next number
                }
            }
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
