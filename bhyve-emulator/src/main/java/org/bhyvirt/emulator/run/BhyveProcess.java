package org.bhyvirt.emulator.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.bhyvirt.emulator.cli.BhyveOptions;
import org.bhyvirt.emulator.cli.ExitException;
import org.bhyvirt.emulator.cli.PciDevice;
import org.bhyvirt.emulator.control.ControlCommand;
import org.bhyvirt.emulator.control.ControlServer;
import org.bhyvirt.emulator.control.ControlTarget;
import org.bhyvirt.emulator.guest.Guest;
import org.bhyvirt.emulator.guest.GuestImageHeader;
import org.bhyvirt.emulator.guest.SelfCheckReport;
import org.bhyvirt.emulator.guest.Workload;
import org.bhyvirt.emulator.migration.MigrationAddress;
import org.bhyvirt.emulator.migration.MigrationReceiver;
import org.bhyvirt.emulator.migration.MigrationSender;
import org.bhyvirt.emulator.migration.MigrationSourceVm;
import org.bhyvirt.emulator.snapshot.CheckpointMeta;
import org.bhyvirt.emulator.snapshot.KernelState;
import org.bhyvirt.emulator.snapshot.MemoryImage;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MappedFile;
import org.bhyvirt.emulator.vm.MemoryLayout;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * One running bhyve: it opens (or, with a bootrom, creates) the VM, holds the VM's lock for as long as
 * it runs, maps guest memory and the dirty bitmap, boots or restores the guest, serves the control
 * socket and ends the process with bhyve's exit status. Exactly one exit happens; after it the
 * control socket and pid file are gone and the lock is released (the VM itself stays until
 * {@code bhyvectl --destroy}, as a vmm(4) instance does, except after a suspend, which destroys it).
 */
public final class BhyveProcess implements ControlTarget {
    private final BhyveOptions options;
    private final VmPaths paths;
    private final MemoryLayout layout;
    private final PrintStream err;
    private final CountDownLatch ended = new CountDownLatch(1);
    private FileChannel lockChannel;
    private FileLock lock;
    private MappedFile memory;
    private DirtyBitmap dirty;
    private volatile Guest guest;
    private volatile ControlServer control;
    private VmmControl vmm;
    private boolean exiting;
    private boolean started;
    private boolean migrating;
    private volatile boolean powerButtonPending;

    private BhyveProcess(BhyveOptions options, PrintStream err) {
        this.options = options;
        this.paths = VmPaths.of(options.vmName());
        this.err = err;
        if (options.memBytes() <= 0 || options.memBytes() % MemoryLayout.PAGE_SIZE != 0) {
            throw new ExitException(4, "Unable to setup memory (22)");
        }
        this.layout = new MemoryLayout(options.memBytes());
    }

    /** Runs the guest of {@code options} until it ends; returns the exit status. */
    public static int run(BhyveOptions options, PrintStream err) throws IOException, InterruptedException {
        BhyveProcess p = new BhyveProcess(options, err);
        p.open();
        p.ended.await();
        return -1;
    }

    private void open() throws IOException {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> powerButton());
        if (!VmPaths.validName(options.vmName())) {
            throw new ExitException(4, "vm_create: Invalid argument");
        }
        if (!paths.exists()) {
            if (!options.romBoot()) {
                throw new ExitException(4, "virtual machine cannot be booted");
            }
            Files.createDirectories(paths.dir());
        }
        lockChannel = FileChannel.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.tryLock();
        if (lock == null) {
            throw new ExitException(4, "bhyve: VM " + options.vmName() + " is already running (its bhyve holds "
                    + paths.lock() + ")");
        }
        if (Files.exists(paths.memory()) && Files.size(paths.memory()) != layout.memBytes() && !options.romBoot()
                && options.restoreFile().isEmpty()) {
            throw new ExitException(4, "Unable to setup memory (22)");
        }
        CheckpointMeta incoming = options.restoreFile().isPresent() ? incomingMeta(Path.of(options.restoreFile().get()))
                : null;
        if (incoming != null) {
            awaitState(Path.of(options.restoreFile().get()), incoming);
        } else if (options.restoreFile().isPresent()) {
            restore(Path.of(options.restoreFile().get()));
        } else if (options.migrationSource().isPresent()) {
            receiveMigration(options.migrationSource().get());
        } else {
            Workload w = bootWorkload();
            memory = MappedFile.open(paths.memory(), layout.memBytes(), true);
            dirty = DirtyBitmap.open(paths.dirtyBitmap(), layout, true);
            guest = Guest.boot(options.vmName(), memory, dirty, layout, options.vcpus(), w);
        }
        Files.writeString(paths.pid(), ProcessHandle.current().pid() + "\n");
        if (incoming != null) {
            vmm = VmmControl.waiting(this::restoredGuest, options.vmName(), layout, options.vcpus(), deviceList(),
                    VmmControl.testHooksEnabled());
        } else {
            vmm = new VmmControl(guest, options.vmName(), layout, options.vcpus(), deviceList(),
                    VmmControl.testHooksEnabled());
            guest.start();
            StateWarmup.inBackground(options.vmName(), layout, options.vcpus(), deviceList(),
                    paths.dir().resolve(".warmup"));
        }
        control = ControlServer.start(paths.controlSocket(), this);
        synchronized (this) {
            started = true;
        }
        if (powerButtonPending) {
            powerButton();
        }
    }

    /** The checkpoint's metadata if it is an incoming one (state to come over the control socket), else null. */
    private static CheckpointMeta incomingMeta(Path file) {
        try {
            CheckpointMeta meta = CheckpointMeta.fromJson(Files.readString(Path.of(file + ".meta")));
            return meta.awaitsState() ? meta : null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // restore() reads it again and names what is wrong
        }
    }

    /**
     * {@code -r FILE} of an incoming checkpoint: maps the VM's memory (being written by a migration
     * target) and waits, paused and without a guest, for {@code restore-state} and {@code resume}.
     */
    private void awaitState(Path file, CheckpointMeta meta) throws IOException {
        String refusal = null;
        if (meta.formatVersion() != CheckpointMeta.FORMAT_VERSION) {
            refusal = "checkpoint format version " + meta.formatVersion() + " is not " + CheckpointMeta.FORMAT_VERSION;
        } else if (meta.memSize() != layout.memBytes()) {
            refusal = "the incoming VM has " + meta.memSize() + " bytes of memory but -m gives " + layout.memBytes();
        } else if (meta.vcpus() != options.vcpus()) {
            refusal = "the incoming guest has " + meta.vcpus() + " vCPUs but -c gives " + options.vcpus();
        } else if (!Files.isRegularFile(paths.memory()) || Files.size(paths.memory()) != meta.memSize()) {
            refusal = "VM " + options.vmName() + " has no memory of " + meta.memSize() + " bytes to receive into";
        }
        if (refusal != null) {
            throw new ExitException(4, "bhyve: Restore of " + file + " refused: " + refusal);
        }
        memory = MappedFile.open(paths.memory(), layout.memBytes(), false);
        dirty = DirtyBitmap.open(paths.dirtyBitmap(), layout, false);
        loadRestoreClasses();
        StateWarmup.run(options.vmName(), layout, options.vcpus(), deviceList(), paths.dir().resolve(".warmup"));
    }

    /**
     * Loads and initializes, while the bhyve waits, the classes that restore-state and resume use, so
     * that their first use inside the migration's downtime does not pay for class loading.
     */
    private static void loadRestoreClasses() {
        ClassLoader loader = BhyveProcess.class.getClassLoader();
        for (Class<?> c : List.of(KernelState.class, GuestImageHeader.class, Guest.class, Workload.class)) {
            try {
                Class.forName(c.getName(), true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("class " + c.getName() + " vanished", e);
            }
        }
        for (String name : List.of("org.bhyvirt.emulator.guest.GuestMemory", "org.bhyvirt.emulator.guest.Vcpu",
                "org.bhyvirt.emulator.guest.VcpuGate", "org.bhyvirt.emulator.guest.VcpuThrottle",
                "org.bhyvirt.emulator.guest.UptimeClock", "org.bhyvirt.emulator.guest.VcpuState")) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("class " + name + " missing from the emulator", e);
            }
        }
    }

    /** The guest of a waiting bhyve, made from the state that arrived (memory in place); not started. */
    private Guest restoredGuest(KernelState kern) {
        Workload w = kern.workloadHeader().isEmpty() ? Workload.IDLE : GuestImageHeader.parse(kern.workloadHeader());
        Guest g = Guest.restore(options.vmName(), memory, dirty, layout, w, kern.vcpus());
        guest = g;
        return g;
    }

    private Workload bootWorkload() throws IOException {
        Path disk = bootDisk();
        if (disk == null) {
            return Workload.IDLE;
        }
        try {
            return GuestImageHeader.read(disk);
        } catch (IllegalArgumentException e) {
            throw new ExitException(4, "bhyve: guest on " + disk + " cannot boot: " + e.getMessage());
        }
    }

    /** The first disk in argv order: the first ahci port, ahci-hd/cd, virtio-blk or nvme backing file. */
    private Path bootDisk() {
        for (PciDevice d : options.devices()) {
            List<String> o = d.options();
            switch (d.emulation()) {
                case "ahci" -> {
                    for (String port : o) {
                        if ((port.startsWith("hd:") || port.startsWith("cd:")) && port.length() > 3) {
                            return Path.of(port.substring(3));
                        }
                    }
                }
                case "ahci-hd", "ahci-cd", "virtio-blk", "nvme" -> {
                    if (!o.isEmpty() && !o.get(0).isEmpty() && !o.get(0).startsWith("ram=")) {
                        return Path.of(o.get(0));
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    private void restore(Path file) throws IOException {
        Path metaFile = Path.of(file + ".meta");
        Path kernFile = Path.of(file + ".kern");
        CheckpointMeta meta;
        KernelState kern;
        try {
            meta = CheckpointMeta.fromJson(Files.readString(metaFile));
            kern = KernelState.fromBytes(Files.readAllBytes(kernFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new ExitException(4, "bhyve: Failed to read checkpoint " + file + ": " + e.getMessage());
        }
        String refusal = restoreMismatch(meta, file);
        if (refusal != null) {
            throw new ExitException(4, "bhyve: Restore of " + file + " refused: " + refusal);
        }
        Workload w;
        try {
            w = kern.workloadHeader().isEmpty() ? Workload.IDLE : GuestImageHeader.parse(kern.workloadHeader());
        } catch (IllegalArgumentException e) {
            throw new ExitException(4, "bhyve: Failed to read checkpoint " + file + ".kern: " + e.getMessage());
        }
        if (!meta.memoryInPlace()) {
            MemoryImage.copy(file, paths.memory(), layout.memBytes());
        }
        memory = MappedFile.open(paths.memory(), layout.memBytes(), false);
        dirty = DirtyBitmap.open(paths.dirtyBitmap(), layout, true);
        try {
            guest = Guest.restore(options.vmName(), memory, dirty, layout, w, kern.vcpus());
        } catch (IllegalStateException e) {
            throw new ExitException(4, "bhyve: Restore of " + file + " failed: " + e.getMessage());
        }
    }

    private String restoreMismatch(CheckpointMeta meta, Path file) throws IOException {
        if (meta.formatVersion() != CheckpointMeta.FORMAT_VERSION) {
            return "checkpoint format version " + meta.formatVersion() + " is not " + CheckpointMeta.FORMAT_VERSION;
        }
        if (meta.memSize() != layout.memBytes()) {
            return "the checkpoint holds " + meta.memSize() + " bytes (" + (meta.memSize() >> 20)
                    + " MiB) of guest memory but -m gives " + layout.memBytes() + " bytes (" + (layout.memBytes() >> 20) + " MiB)";
        }
        if (meta.vcpus() != options.vcpus()) {
            return "the checkpoint has " + meta.vcpus() + " vCPUs but -c gives " + options.vcpus();
        }
        if (!meta.devices().equals(deviceList())) {
            return "the checkpoint's devices " + meta.devices() + " differ from this command line's " + deviceList();
        }
        if (meta.memoryInPlace()) {
            if (!Files.isRegularFile(paths.memory()) || Files.size(paths.memory()) != meta.memSize()) {
                return "the checkpoint's memory is in place but VM " + options.vmName() + " has no memory of "
                        + meta.memSize() + " bytes";
            }
        } else if (!Files.isRegularFile(file) || Files.size(file) != meta.memSize()) {
            return "memory file " + file + " is missing or does not hold " + meta.memSize() + " bytes";
        }
        return null;
    }

    private List<String> deviceList() {
        List<String> out = new ArrayList<>();
        for (PciDevice d : options.devices()) {
            out.add(d.slot() + ":" + d.function() + "," + d.emulation());
        }
        return out;
    }

    private void powerButton() {
        synchronized (this) {
            if (!started) {
                powerButtonPending = true;
                return;
            }
        }
        if (guest != null && guest.workload().acpi() == Workload.Acpi.IGNORE) {
            return;
        }
        Thread t = new Thread(() -> exit(ExitStatus.POWEROFF), "acpi power-off");
        t.start();
    }

    @Override
    public Outcome execute(ControlCommand command, String argument) throws IOException {
        if (guest == null && command != ControlCommand.STATUS && command != ControlCommand.PAUSE
                && command != ControlCommand.RESUME && command != ControlCommand.RESTORE_STATE
                && !exitCommand(command)) {
            throw new IllegalStateException(command.wireName() + ": VM " + options.vmName()
                    + " waits for its incoming state (send 'restore-state FILE' first)");
        }
        return switch (command) {
            case STATUS -> Outcome.of(status());
            case SELF_CHECK -> Outcome.of(selfCheck());
            case REBOOT -> exitOutcome(ExitStatus.REBOOT);
            case POWEROFF -> exitOutcome(ExitStatus.POWEROFF);
            case HALT -> exitOutcome(ExitStatus.HALT);
            case TRIPLE_FAULT -> exitOutcome(ExitStatus.TRIPLE_FAULT);
            case ERROR -> exitOutcome(ExitStatus.ERROR);
            case CHECKPOINT -> Outcome.of(checkpoint(checkpointPath(argument), false));
            case SUSPEND -> new Outcome(checkpoint(checkpointPath(argument), true), this::endSuspended);
            case PAUSE, RESUME, THROTTLE, SAVE_STATE, RESTORE_STATE, DEBUG_DROP_DIRTY -> Outcome.of(vmm.execute(command, argument));
            case MIGRATE -> migrate(argument, false);
            case MIGRATE_LIVE -> migrate(argument, true);
        };
    }

    /** Checks a migration request, then starts the sender on its own thread once the request is answered. */
    private Outcome migrate(String argument, boolean live) {
        MigrationAddress to = MigrationAddress.parse(argument);
        if (live && !options.wiredMemory()) {
            throw new IllegalStateException("live migration needs wired guest memory (bhyve -S); " + options.vmName()
                    + " was started without it");
        }
        synchronized (this) {
            if (exiting) {
                throw new IllegalStateException("the guest is shutting down");
            }
            if (migrating) {
                throw new IllegalStateException("a migration of " + options.vmName() + " is already in progress");
            }
            migrating = true;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", to.host());
        m.put("port", to.port());
        m.put("live", live);
        MigrationSender sender = new MigrationSender(new SourceVm(), to, live, System.out, err);
        return new Outcome(m, () -> {
            Thread t = new Thread(null, () -> {
                try {
                    sender.run();
                } finally {
                    synchronized (this) {
                        migrating = false;
                    }
                }
            }, "migration of " + options.vmName(), 512 * 1024);
            t.setDaemon(true);
            t.start();
        });
    }

    /** The running VM as a migration source sees it. */
    private final class SourceVm implements MigrationSourceVm {
        @Override
        public MemoryLayout layout() {
            return layout;
        }

        @Override
        public MappedFile memory() {
            return memory;
        }

        @Override
        public DirtyBitmap dirty() {
            return dirty;
        }

        @Override
        public void pause() {
            guest.pause();
        }

        @Override
        public void resume() {
            guest.resume();
        }

        @Override
        public byte[] kernelState() throws IOException {
            String header = guest.workload().active() ? GuestImageHeader.format(guest.workload()) : "";
            return new KernelState(header, guest.vcpuStates(), deviceList()).toBytes();
        }

        @Override
        public List<String> devices() {
            return deviceList();
        }

        @Override
        public void destroyAndExit() {
            synchronized (BhyveProcess.this) {
                exiting = true;
            }
            endSuspended();
        }
    }

    /** {@code -R host[,port]}: waits for the one migration connection and takes the guest from it; exit 1 on failure. */
    private void receiveMigration(String from) throws IOException {
        MigrationAddress address;
        try {
            address = MigrationAddress.parse(from);
        } catch (IllegalArgumentException e) {
            throw new ExitException(1, e.getMessage() + "\r\nFailed to migrate the vm.");
        }
        memory = MappedFile.open(paths.memory(), layout.memBytes(), true);
        dirty = DirtyBitmap.open(paths.dirtyBitmap(), layout, true);
        Files.writeString(paths.pid(), ProcessHandle.current().pid() + "\n");
        KernelState kern;
        Workload w;
        try {
            kern = new MigrationReceiver(address, layout, memory, deviceList(), System.out, err).receive();
            w = kern.workloadHeader().isEmpty() ? Workload.IDLE : GuestImageHeader.parse(kern.workloadHeader());
            guest = Guest.restore(options.vmName(), memory, dirty, layout, w, kern.vcpus());
        } catch (MigrationReceiver.Failure | IllegalArgumentException | IllegalStateException e) {
            Files.deleteIfExists(paths.pid());
            throw new ExitException(1, e.getMessage() + "\r\nFailed to migrate the vm.");
        }
    }

    private static boolean exitCommand(ControlCommand c) {
        return c == ControlCommand.REBOOT || c == ControlCommand.POWEROFF || c == ControlCommand.HALT
                || c == ControlCommand.TRIPLE_FAULT || c == ControlCommand.ERROR;
    }

    private Outcome exitOutcome(ExitStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exitStatus", s.code());
        return new Outcome(m, () -> exit(s));
    }

    private static Path checkpointPath(String arg) {
        Path p = Path.of(arg);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("checkpoint file '" + arg + "' is not an absolute path");
        }
        return p;
    }

    private Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", options.vmName());
        m.put("pid", ProcessHandle.current().pid());
        m.put("running", true);
        m.put("incoming", vmm.waiting());
        Guest guest = this.guest;
        if (guest == null) {
            m.put("memoryBytes", layout.memBytes());
            m.put("lowmemBytes", layout.lowmem());
            m.put("highmemBytes", layout.highmem());
            m.put("paused", true);
            return m;
        }
        m.put("bootId", guest.bootId().toString());
        m.put("uptimeMs", guest.uptimeMs());
        m.put("vcpus", guest.vcpuCount());
        m.put("memoryBytes", layout.memBytes());
        m.put("lowmemBytes", layout.lowmem());
        m.put("highmemBytes", layout.highmem());
        m.put("workload", guest.workload().active() ? "emulated" : "idle");
        m.put("acpi", guest.workload().acpi().text());
        m.put("pagesWritten", guest.pagesWritten());
        m.put("populated", guest.populated());
        m.put("dirtyPages", dirty.count());
        m.put("paused", vmm.paused());
        m.put("throttlePercent", guest.throttlePercent());
        return m;
    }

    private Map<String, Object> selfCheck() {
        SelfCheckReport r = guest.selfCheck();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkedPages", r.checkedPages());
        m.put("stalePages", r.stalePages());
        m.put("corruptPages", r.corruptPages());
        m.put("firstBadPage", r.firstBadPage());
        m.put("healthy", r.healthy());
        m.put("millis", r.millis());
        return m;
    }

    private synchronized Map<String, Object> checkpoint(Path file, boolean suspend) throws IOException {
        if (exiting) {
            throw new IllegalStateException("the guest is shutting down");
        }
        guest.pause();
        boolean done = false;
        try {
            MemoryImage.copy(paths.memory(), file, layout.memBytes());
            String header = guest.workload().active() ? GuestImageHeader.format(guest.workload()) : "";
            byte[] kern = new KernelState(header, guest.vcpuStates(), deviceList()).toBytes();
            Files.write(Path.of(file + ".kern"), kern);
            CheckpointMeta meta = new CheckpointMeta(CheckpointMeta.FORMAT_VERSION, options.vmName(), layout.memBytes(),
                    layout.lowmem(), layout.highmem(), options.vcpus(), deviceList(), kern.length);
            Files.writeString(Path.of(file + ".meta"), meta.toJson(), StandardCharsets.UTF_8);
            done = true;
        } finally {
            if (!suspend || !done) {
                guest.resume();
            } else {
                exiting = true;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("bootId", guest.bootId().toString());
        m.put("uptimeMs", guest.uptimeMs());
        m.put("suspended", suspend);
        return m;
    }

    private void endSuspended() {
        if (guest != null) {
            guest.stop();
        }
        closeAll();
        try {
            paths.removeAll();
        } catch (IOException e) {
            err.println("bhyve: cannot remove " + paths.dir() + ": " + e.getMessage());
        }
        err.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Ends the guest and the process with {@code status}. */
    void exit(ExitStatus status) {
        synchronized (this) {
            if (exiting) {
                return;
            }
            exiting = true;
        }
        if (guest != null) {
            guest.stop();
        }
        closeAll();
        if (status == ExitStatus.POWEROFF && options.flags().indexOf('D') >= 0) {
            try {
                paths.removeAll();
            } catch (IOException e) {
                err.println("bhyve: destroy on power-off: " + e.getMessage());
            }
        }
        err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(status.code());
    }

    private void closeAll() {
        try {
            if (control != null) {
                control.close();
            }
        } catch (IOException e) {
            err.println("bhyve: closing the control socket: " + e.getMessage());
        }
        try {
            Files.deleteIfExists(paths.controlSocket());
            Files.deleteIfExists(paths.pid());
            memory.close();
            dirty.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            err.println("bhyve: releasing the VM: " + e.getMessage());
        }
    }
}
