package org.bhyvirt.emulator.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MappedFile;
import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * A running emulated guest: its memory structures, one thread per vCPU and the uptime ticker.
 * A guest either boots (fresh header, new boot id, uptime 0) or continues from restored memory and
 * vCPU states (same boot id and uptime). {@link #pause}/{@link #resume} stop and restart every vCPU
 * and the clock; the self-check and the vCPU states are taken while paused, so they are consistent.
 */
public final class Guest {
    private final GuestMemory memory;
    private final Workload workload;
    private final VcpuGate gate = new VcpuGate();
    private final VcpuThrottle throttle = new VcpuThrottle();
    private final UptimeClock clock;
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final String name;
    private volatile boolean running;
    private int pauseDepth;

    private Guest(String name, GuestMemory memory, Workload workload, List<VcpuState> states) {
        this.name = name;
        this.memory = memory;
        this.workload = workload;
        this.clock = new UptimeClock(memory);
        for (VcpuState s : states) {
            vcpus.add(new Vcpu(memory, gate, throttle, workload, states.size(), s));
        }
    }

    /** A guest that boots afresh on zeroed memory. */
    public static Guest boot(String name, MappedFile mem, DirtyBitmap dirty, MemoryLayout layout, int vcpuCount,
                             Workload workload) {
        GuestMemory gm = new GuestMemory(layout, mem, dirty);
        UUID bootId = UUID.randomUUID();
        gm.initHeader(vcpuCount, bootId);
        List<VcpuState> states = new ArrayList<>();
        for (int i = 0; i < vcpuCount; i++) {
            states.add(VcpuState.atBoot(i, bootId.getLeastSignificantBits() * (i + 1) ^ bootId.getMostSignificantBits()));
        }
        return new Guest(name, gm, workload, states);
    }

    /** A guest that continues from restored memory and vCPU states; fails if the memory has no valid header. */
    public static Guest restore(String name, MappedFile mem, DirtyBitmap dirty, MemoryLayout layout, Workload workload,
                                List<VcpuState> states) {
        GuestMemory gm = new GuestMemory(layout, mem, dirty);
        if (!gm.headerValid()) {
            throw new IllegalStateException("restored guest memory has no valid guest header");
        }
        return new Guest(name, gm, workload, states);
    }

    /** Starts the vCPU threads and the uptime ticker. */
    public void start() {
        running = true;
        for (Vcpu v : vcpus) {
            Thread t = new Thread(null, v, "vcpu " + v.state().id() + " of " + name, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread ticker = new Thread(null, this::tick, "uptime of " + name, 128 * 1024);
        ticker.setDaemon(true);
        threads.add(ticker);
        ticker.start();
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(UptimeClock.TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            clock.tick();
        }
    }

    /** Pauses every vCPU and the clock (nests: the guest runs again when every pause has ended). */
    public void pause() {
        gate.pauseAll();
        synchronized (clock) {
            if (pauseDepth++ == 0) {
                clock.freeze();
            }
        }
    }

    /** Ends a pause. */
    public void resume() {
        synchronized (clock) {
            if (--pauseDepth == 0) {
                clock.thaw();
            }
        }
        gate.resumeAll();
    }

    /** Stops the guest for good (vCPU threads end, the clock's last value is stored). */
    public void stop() {
        clock.freeze();
        running = false;
        gate.stop();
        for (Thread t : threads) {
            t.interrupt();
        }
        try {
            gate.awaitNoneLive(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the self-check over all data pages with the vCPUs paused. */
    public SelfCheckReport selfCheck() {
        pause();
        try {
            long start = System.nanoTime();
            long checked = 0;
            long stale = 0;
            long corrupt = 0;
            long firstBad = -1;
            if (!memory.headerValid()) {
                corrupt++;
                firstBad = 0;
            }
            long pages = memory.layout().pages();
            for (long p = memory.firstDataPage(); p < pages; p++) {
                GuestMemory.PageVerdict v = memory.verify(p);
                switch (v) {
                    case UNTOUCHED -> {
                        continue;
                    }
                    case STALE -> stale++;
                    case CORRUPT -> corrupt++;
                    default -> {
                    }
                }
                checked++;
                if (v != GuestMemory.PageVerdict.GOOD && firstBad < 0) {
                    firstBad = p;
                }
            }
            return new SelfCheckReport(checked, stale, corrupt, firstBad, (System.nanoTime() - start) / 1_000_000);
        } finally {
            resume();
        }
    }

    /** Makes every vCPU sleep {@code percent} (0..99) of its time; IllegalArgumentException outside. */
    public void throttle(int percent) {
        throttle.set(percent);
    }

    /** The throttle share in percent. */
    public int throttlePercent() {
        return throttle.percent();
    }

    /**
     * Replaces every vCPU's state (call while paused; the guest continues from {@code states} at resume).
     * IllegalArgumentException when the count or the ids do not match this guest's vCPUs.
     */
    public void replaceVcpuStates(List<VcpuState> states) {
        if (states.size() != vcpus.size()) {
            throw new IllegalArgumentException("the state has " + states.size() + " vCPUs, the guest " + vcpus.size());
        }
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).id() != i) {
                throw new IllegalArgumentException("state " + i + " is of vCPU " + states.get(i).id());
            }
        }
        for (int i = 0; i < states.size(); i++) {
            vcpus.get(i).replaceState(states.get(i));
        }
    }

    /** Test hook: the next {@code n} data-page writes leave their dirty bit clear. */
    public void dropNextDirtyBits(long n) {
        memory.dropNextDirtyBits(n);
    }

    /** The vCPU states; call while paused for a consistent picture. */
    public List<VcpuState> vcpuStates() {
        List<VcpuState> out = new ArrayList<>();
        for (Vcpu v : vcpus) {
            out.add(v.state());
        }
        return out;
    }

    /** The boot id kept in guest memory. */
    public UUID bootId() {
        return memory.bootId();
    }

    /** Running time since boot, in ms. */
    public long uptimeMs() {
        return clock.uptimeMs();
    }

    /** The workload. */
    public Workload workload() {
        return workload;
    }

    /** Number of vCPUs. */
    public int vcpuCount() {
        return vcpus.size();
    }

    /** Pages written by all vCPUs since boot. */
    public long pagesWritten() {
        long n = 0;
        for (Vcpu v : vcpus) {
            n += v.state().pagesWritten();
        }
        return n;
    }

    /** Whether every vCPU has finished populating its pages. */
    public boolean populated() {
        Vcpu.Regions r = Vcpu.Regions.of(memory, workload);
        long total = 0;
        for (Vcpu v : vcpus) {
            total += v.state().populateNext();
        }
        return total >= r.used() + r.zero();
    }
}
