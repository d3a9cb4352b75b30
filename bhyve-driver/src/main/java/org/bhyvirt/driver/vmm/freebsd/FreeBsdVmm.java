package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Memory;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.Vmm;

/**
 * {@link Vmm} of one VM on a FreeBSD host with the UPB migration kernel, over {@code /dev/vmm/NAME}
 * ({@link VmmDevice}): the layout is the kernel's system-memory mappings, memory is mapped by GPA, dirty
 * pages are the patch's page list cleared by copy-out, pause is {@code VM_SUSPEND_CPU} of all vCPUs
 * followed by a register read per active vCPU (which returns only once that vCPU is out of guest mode),
 * resume is {@code VM_RESUME_CPU}. A VM is incoming while no vCPU is active (bhyve activates them when it
 * starts the guest). What the kernel does not offer is refused with {@code VIR_ERR_OPERATION_UNSUPPORTED}
 * naming why: throttling (no vCPU throttle ioctl), the full vCPU and device state and a resume from memory
 * in place (device models live in the bhyve process; see docs/vmm.md). The kernel part of the state is
 * available through {@link #saveKernelState()}. After {@link #close()} every operation fails with
 * {@code VIR_ERR_OPERATION_INVALID}.
 */
public final class FreeBsdVmm implements Vmm {
    /** bhyve's {@code SNAPSHOT_BUFFER_SIZE} of 13.x: room for one kernel structure's state. */
    static final int SNAPSHOT_BUFFER_BYTES = 20 << 20;
    private final VmmDevice device;
    private final MemoryLayout layout;
    private final FreeBsdGuestMemory memory;
    private final Runnable destroyer;
    private final Object dirtyLock = new Object();
    private volatile boolean closed;

    private FreeBsdVmm(VmmDevice device, MemoryLayout layout, FreeBsdGuestMemory memory, Runnable destroyer) {
        this.device = device;
        this.layout = layout;
        this.memory = memory;
        this.destroyer = destroyer;
    }

    /**
     * Attaches to the VM behind {@code device} (taking ownership of it): reads its layout and maps it.
     * {@code destroyer} destroys the VM by name (used by {@link #destroyIncoming()}).
     */
    static FreeBsdVmm attach(VmmDevice device, Runnable destroyer) {
        try {
            MemoryLayout layout = device.layout();
            return new FreeBsdVmm(device, layout, device.map(layout), destroyer);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return device.name();
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
        return device.cpus(VmmStructs.VM_ACTIVE_CPUS).isEmpty();
    }

    @Override
    public DirtyPages collectAndClearDirty() {
        open();
        synchronized (dirtyLock) {
            return device.collectAndClearDirty(layout);
        }
    }

    @Override
    public synchronized void pause() {
        running("pause");
        if (paused()) {
            return;
        }
        device.suspendCpus(VmmStructs.ALL_VCPUS);
        BitSet active = device.cpus(VmmStructs.VM_ACTIVE_CPUS);
        for (int vcpu = active.nextSetBit(0); vcpu >= 0; vcpu = active.nextSetBit(vcpu + 1)) {
            device.instructionPointer(vcpu);
        }
    }

    @Override
    public synchronized void resume() {
        running("resume");
        if (!paused()) {
            return;
        }
        device.resumeCpus(VmmStructs.ALL_VCPUS);
    }

    @Override
    public boolean paused() {
        BitSet active = running("ask about the vCPUs of");
        BitSet debug = device.cpus(VmmStructs.VM_DEBUG_CPUS);
        BitSet notStopped = (BitSet) active.clone();
        notStopped.andNot(debug);
        return notStopped.isEmpty();
    }

    /** Throttle 0 is the state every VM is in; any other share is refused: vmm(4) has no vCPU throttle. */
    @Override
    public void throttle(int percent) {
        if (percent < 0 || percent > 99) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "throttle of VM " + name() + ": " + percent
                    + "% is outside 0..99");
        }
        running("throttle");
        if (percent != 0) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_UNSUPPORTED, "throttling VM " + name() + " to "
                    + percent + "%: the vmm(4) kernel has no vCPU throttle ioctl (migrate without auto-converge)");
        }
    }

    @Override
    public VmState saveState() {
        requirePaused("save the state of");
        throw new BhyveDriverException(VirErrorNumber.OPERATION_UNSUPPORTED, "the vCPU and device state of VM "
                + name() + ": device models live in its bhyve process, which only bhyve's checkpoint IPC reaches; "
                + "the kernel offers its structures alone (saveKernelState)");
    }

    @Override
    public void restoreState(VmState state) {
        requirePaused("restore the state of");
        throw new BhyveDriverException(VirErrorNumber.OPERATION_UNSUPPORTED, "restoring the vCPU and device state "
                + "of VM " + name() + ": device models live in its bhyve process, which only bhyve -r restores");
    }

    /**
     * The kernel's part of the paused guest's state: each {@link KernelStruct} saved with
     * {@code VM_SNAPSHOT_REQ} (op SAVE), in bhyve's order. {@code VIR_ERR_OPERATION_INVALID} unless paused.
     */
    public Map<KernelStruct, byte[]> saveKernelState() {
        requirePaused("save the kernel state of");
        Memory buffer = new Memory(SNAPSHOT_BUFFER_BYTES);
        Map<KernelStruct, byte[]> out = new EnumMap<>(KernelStruct.class);
        for (KernelStruct s : KernelStruct.values()) {
            long used = device.snapshotKernelStruct(s.snapshotReq(), VmmStructs.VM_SNAPSHOT_SAVE, buffer,
                    SNAPSHOT_BUFFER_BYTES);
            if (used < 0 || used > SNAPSHOT_BUFFER_BYTES) {
                throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "VM '" + name() + "': the kernel reports "
                        + used + " bytes of " + s + " state in a buffer of " + SNAPSHOT_BUFFER_BYTES);
            }
            out.put(s, buffer.getByteArray(0, (int) used));
        }
        return out;
    }

    @Override
    public Path stageResume(VmState state, Path checkpoint) {
        requireIncoming("staged for resume");
        throw new BhyveDriverException(VirErrorNumber.OPERATION_UNSUPPORTED, "starting VM " + name()
                + " from memory in place: upstream bhyve -r loads guest memory from the checkpoint file, an "
                + "in-place restore needs a bhyve patch (docs/vmm.md, Incoming VMs)");
    }

    @Override
    public synchronized void destroyIncoming() {
        requireIncoming("destroyed through its Vmm");
        close();
        destroyer.run();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            device.close();
        }
    }

    private BitSet running(String what) {
        open();
        BitSet active = device.cpus(VmmStructs.VM_ACTIVE_CPUS);
        if (active.isEmpty()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot " + what + " VM " + name()
                    + ": it is incoming, no guest runs in it");
        }
        return active;
    }

    private void requirePaused(String what) {
        if (!paused()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot " + what + " VM " + name()
                    + ": its vCPUs run (pause it first)");
        }
    }

    private void requireIncoming(String what) {
        if (!incoming()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "VM " + name()
                    + " runs a guest; only an incoming VM can be " + what);
        }
    }

    private void open() {
        if (closed) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "the Vmm of VM " + name() + " is closed");
        }
    }
}
