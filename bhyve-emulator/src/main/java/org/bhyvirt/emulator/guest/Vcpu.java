package org.bhyvirt.emulator.guest;

import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * One vCPU of the emulated guest. It owns the data pages whose index (counted from the first data
 * page) is congruent to its id modulo the vCPU count. After boot it populates its share of the used
 * region (data pages) and of the zero region (zero pages), then rewrites its share of the working set
 * at its share of the write rate, in the workload's pattern. Between batches it passes the
 * {@link VcpuGate}; with nothing to do it parks there, so it costs no CPU. A {@link VcpuThrottle} makes it
 * sleep a share of its time; {@link #replaceState} (while paused) makes it continue from another state.
 */
final class Vcpu implements Runnable {
    private static final int BATCH = 64;
    private static final long IDLE_NANOS = 1_000_000_000L;
    private final GuestMemory memory;
    private final VcpuGate gate;
    private final Workload workload;
    private final VcpuThrottle throttle;
    private final Regions regions;
    private final int id;
    private final int count;
    private volatile VcpuState state;
    private volatile boolean reload;

    /** The page regions of a guest: where used, zero and working-set pages are. */
    record Regions(long first, long used, long zero, long workingSet) {
        static Regions of(GuestMemory memory, Workload w) {
            long first = memory.firstDataPage();
            long data = memory.layout().pages() - first;
            if (!w.active()) {
                return new Regions(first, 0, 0, 0);
            }
            long zero = (long) Math.floor(data * w.zeroShare());
            long used = Math.max(0, Math.min(data - zero, (long) Math.floor(data * (1 - w.freeShare() - w.zeroShare()))));
            long ws = Math.min(used, w.workingSetPages(memory.layout().pages(), MemoryLayout.PAGE_SIZE));
            return new Regions(first, used, zero, ws);
        }
    }

    Vcpu(GuestMemory memory, VcpuGate gate, VcpuThrottle throttle, Workload workload, int count, VcpuState state) {
        this.memory = memory;
        this.throttle = throttle;
        this.gate = gate;
        this.workload = workload;
        this.regions = Regions.of(memory, workload);
        this.id = state.id();
        this.count = count;
        this.state = state;
    }

    /** The state (consistent while the vCPU is parked by a pause). */
    VcpuState state() {
        return state;
    }

    private long owned(long regionSize) {
        return regionSize > id ? (regionSize - id + count - 1) / count : 0;
    }

    private long page(long regionStart, long k) {
        return regionStart + k * count + id;
    }

    @Override
    public void run() {
        gate.enter();
        try {
            while (true) {
                reload = false;
                boolean going = populate();
                if (reload) {
                    continue;
                }
                if (!going) {
                    return;
                }
                if (workload.active() && workload.writeRate() > 0 && owned(regions.workingSet()) > 0) {
                    rewrite();
                } else {
                    idle();
                }
                if (!reload) {
                    return;
                }
            }
        } finally {
            gate.leave();
        }
    }

    /**
     * Replaces this vCPU's state; call only while the guest is paused. At resume the vCPU continues from
     * {@code s} (populating again if {@code s} is not done populating).
     */
    void replaceState(VcpuState s) {
        if (s.id() != id) {
            throw new IllegalArgumentException("state of vCPU " + s.id() + " given to vCPU " + id);
        }
        state = s;
        reload = true;
    }

    private void idle() {
        while (!reload) {
            if (!gate.park(IDLE_NANOS)) {
                return;
            }
        }
    }

    /** Sleeps the throttle's share after running {@code ranNanos}; false once stopped. */
    private boolean throttleSleep(long ranNanos) {
        long sleep = throttle.sleepNanos(ranNanos);
        return sleep <= 0 || gate.park(sleep);
    }

    private boolean populate() {
        long ownUsed = owned(regions.used());
        long ownZero = owned(regions.zero());
        VcpuState s = state;
        long next = s.populateNext();
        long written = s.pagesWritten();
        while (next < ownUsed + ownZero) {
            long began = System.nanoTime();
            long end = Math.min(ownUsed + ownZero, next + BATCH);
            for (; next < end; next++) {
                if (next < ownUsed) {
                    memory.writeDataPage(page(regions.first(), next));
                } else {
                    memory.writeZeroPage(page(regions.first() + regions.used(), next - ownUsed));
                }
                written++;
            }
            state = new VcpuState(id, s.rng(), s.cursor(), next, written);
            if (!gate.park(0) || !throttleSleep(System.nanoTime() - began) || reload) {
                return false;
            }
        }
        return true;
    }

    private void rewrite() {
        long own = owned(regions.workingSet());
        double pagesPerSecond = workload.writeRate() / (double) MemoryLayout.PAGE_SIZE / count;
        double credit = 0;
        long last = System.nanoTime();
        VcpuState s = state;
        long rng = s.rng();
        long cursor = s.cursor();
        long written = s.pagesWritten();
        while (true) {
            long now = System.nanoTime();
            credit = Math.min(credit + (now - last) * pagesPerSecond / 1e9, pagesPerSecond * 0.1 + 1);
            last = now;
            int due = (int) Math.min(credit, BATCH * 8);
            for (int i = 0; i < due; i++) {
                long k;
                switch (workload.pattern()) {
                    case SEQUENTIAL -> {
                        k = cursor;
                        cursor = (cursor + 1) % own;
                    }
                    case HOTSPOT -> {
                        rng = xorshift(rng);
                        long hot = Math.max(1, own / 5);
                        boolean inHot = Long.remainderUnsigned(rng, 10) < 8;
                        rng = xorshift(rng);
                        k = inHot ? Long.remainderUnsigned(rng, hot) : Long.remainderUnsigned(rng, own);
                    }
                    default -> {
                        rng = xorshift(rng);
                        k = Long.remainderUnsigned(rng, own);
                    }
                }
                memory.writeDataPage(page(regions.first(), k));
                written++;
            }
            credit -= due;
            state = new VcpuState(id, rng, cursor, s.populateNext(), written);
            long waitNanos = due > 0 ? 0 : Math.max(5_000_000L, (long) ((1 - credit) / pagesPerSecond * 1e9));
            boolean paused = waitNanos == 0 ? !gate.park(0) : !gate.park(waitNanos);
            if (paused || reload) {
                return;
            }
            long ran = System.nanoTime() - now;
            if (!throttleSleep(ran) || reload) {
                return;
            }
            if (throttle.percent() > 0 || System.nanoTime() - now > 200_000_000L) {
                last = System.nanoTime();
            }
        }
    }

    private static long xorshift(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
