package org.bhyvirt.driver.vmm;

import java.nio.file.Path;

/**
 * Access to one VM's hypervisor side, for migration: its memory layout and memory, its dirty pages,
 * its vCPUs (pause, resume, throttle) and its vCPU and device state. A {@code Vmm} is either attached to
 * a running guest ({@link VmmProvider#open}) or to an incoming VM whose memory exists but whose guest does
 * not run yet ({@link VmmProvider#createIncoming}); operations that need a running guest fail on an
 * incoming VM with {@code VIR_ERR_OPERATION_INVALID}. Every failure is a
 * {@link org.bhyvirt.driver.error.BhyveDriverException} carrying libvirt's error number and naming the
 * VM and the operation. Thread-safe; {@link #close()} releases the mappings (the VM itself lives on).
 */
public interface Vmm extends AutoCloseable {

    /** The VM's name. */
    String name();

    /** The memory layout (fixed for the VM's life). */
    MemoryLayout layout();

    /** The guest memory, mapped shared (see {@link GuestMemory}); valid until {@link #close()}. */
    GuestMemory memory();

    /**
     * Whether this VM is incoming: memory allocated, no guest running yet (no bhyve, or a bhyve
     * waiting for its state, see {@link #stageIncoming}).
     */
    boolean incoming();

    /**
     * Returns the pages dirtied since the previous call (or since tracking began: the guest's start) and
     * clears them, one 64-bit word at a time with an atomic exchange. The rule that makes pre-copy exact:
     * the guest sets a page's bit only after its write to the page has completed, and this call clears
     * the bit before the caller copies the page, so every write is either visible to the copy that follows
     * or leaves the bit set for the next call. Pages dirtied while this call runs may be in this result or
     * in the next one, never in neither. Works while the guest runs or is paused.
     */
    DirtyPages collectAndClearDirty();

    /**
     * Stops every vCPU and returns once none runs guest code any more (no guest write happens until
     * {@link #resume()}); the guest's clock stops too. Pausing a paused VM does nothing.
     */
    void pause();

    /** Lets the vCPUs run again after {@link #pause()}; resuming a running VM does nothing. */
    void resume();

    /** Whether the vCPUs are paused by {@link #pause()}. */
    boolean paused();

    /**
     * Makes every vCPU sleep {@code percent} percent of its time (0 = no throttling, at most 99), as QEMU's
     * auto-converge does, so a guest dirties memory more slowly. Stays in force until changed;
     * {@code VIR_ERR_INVALID_ARG} outside 0..99.
     */
    void throttle(int percent);

    /**
     * The vCPU and device state of the paused guest; {@code VIR_ERR_OPERATION_INVALID} unless
     * {@link #pause()} is in force (a state of running vCPUs would not match the memory).
     */
    VmState saveState();

    /**
     * Replaces the paused guest's vCPU and device state with {@code state} (saved from a guest of the same
     * shape); the guest continues from it at {@link #resume()}. {@code VIR_ERR_OPERATION_INVALID} unless
     * paused; {@code VIR_ERR_CONFIG_UNSUPPORTED} when the state's format, vCPUs, memory or devices do not fit.
     */
    void restoreState(VmState state);

    /**
     * For an incoming VM: writes {@code state} as the restore input for bhyve, marked "memory in place",
     * at {@code checkpoint} (the implementation adds its own suffixes, e.g. {@code .kern} and {@code .meta});
     * starting {@code bhyve ... -r CHECKPOINT NAME} then continues the guest from the memory already in this
     * VM and the received state. Returns {@code checkpoint}. {@code VIR_ERR_OPERATION_INVALID} if the VM is
     * not incoming; {@code VIR_ERR_CONFIG_UNSUPPORTED} if the state does not fit the VM's layout.
     */
    Path stageResume(VmState state, Path checkpoint);

    /**
     * For an incoming VM, the downtime-saving path: writes at {@code checkpoint} an <em>incoming</em>
     * checkpoint (memory in place, no state yet) for a guest of {@code vcpus} vCPUs. Starting
     * {@code bhyve ... -r CHECKPOINT NAME} from it (at prepare, long before the switch-over) gives a
     * bhyve that maps this VM's memory and waits paused; the target then writes pages, and at the
     * switch-over hands the received state over with {@link #restoreState} and starts the guest with
     * {@link #resume()}. Returns {@code checkpoint}. {@code VIR_ERR_OPERATION_INVALID} if a guest runs
     * in the VM; {@code VIR_ERR_NO_SUPPORT} from an implementation without a waiting bhyve (the
     * target then uses {@link #stageResume} and starts bhyve at finish).
     */
    default Path stageIncoming(int vcpus, Path checkpoint) {
        throw new org.bhyvirt.driver.error.BhyveDriverException(org.bhyvirt.driver.error.VirErrorNumber.NO_SUPPORT,
                "VM " + name() + ": this Vmm cannot start a bhyve that waits for incoming state");
    }

    /**
     * Waits at most {@code timeout} until a bhyve started from {@link #stageIncoming}'s checkpoint
     * waits for its state: from then on {@link #paused()} is true, {@link #restoreState} gives the
     * guest its vCPU and device state, and {@link #resume()} starts it. {@code VIR_ERR_OPERATION_TIMEOUT}
     * when no such bhyve answers in time (it failed to start or exited); {@code VIR_ERR_NO_SUPPORT} as
     * for {@link #stageIncoming}.
     */
    default void awaitIncoming(java.time.Duration timeout) {
        throw new org.bhyvirt.driver.error.BhyveDriverException(org.bhyvirt.driver.error.VirErrorNumber.NO_SUPPORT,
                "VM " + name() + ": this Vmm cannot start a bhyve that waits for incoming state");
    }

    /**
     * Destroys this incoming VM (a migration target that gave up): its memory is freed and its name is free
     * again; this {@code Vmm} is closed. {@code VIR_ERR_OPERATION_INVALID} if a guest runs in the VM or a
     * bhyve is starting one (a running guest is never destroyed through this port).
     */
    void destroyIncoming();

    /** Unmaps memory and the dirty log; the VM and its guest are not affected. */
    @Override
    void close();
}
