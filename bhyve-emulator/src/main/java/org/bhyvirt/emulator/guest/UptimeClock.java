package org.bhyvirt.emulator.guest;

/**
 * The guest's uptime in running time, kept in its header page. A ticker advances it every
 * {@value #TICK_MS} ms by the time since the last tick, but by at most {@value #MAX_STEP_MS} ms, so the
 * time a SIGSTOP held the whole process adds at most that much. While frozen (a pause for a
 * checkpoint or self-check) it does not advance.
 */
final class UptimeClock {
    static final long TICK_MS = 250;
    static final long MAX_STEP_MS = 500;
    private final GuestMemory memory;
    private long lastNanos = System.nanoTime();
    private long uptimeMs;
    private boolean frozen;

    UptimeClock(GuestMemory memory) {
        this.memory = memory;
        this.uptimeMs = memory.storedUptimeMs();
    }

    /** One tick: adds the running time since the last tick and stores it in guest memory. */
    synchronized void tick() {
        long now = System.nanoTime();
        if (!frozen) {
            uptimeMs += Math.min((now - lastNanos) / 1_000_000, MAX_STEP_MS);
            memory.storeUptimeMs(uptimeMs);
        }
        lastNanos = now;
    }

    /** The uptime now, in ms. */
    synchronized long uptimeMs() {
        if (frozen) {
            return uptimeMs;
        }
        return uptimeMs + Math.min((System.nanoTime() - lastNanos) / 1_000_000, MAX_STEP_MS);
    }

    /** Stores the current uptime and stops advancing. */
    synchronized void freeze() {
        tick();
        frozen = true;
    }

    /** Advances again from now. */
    synchronized void thaw() {
        frozen = false;
        lastNanos = System.nanoTime();
    }
}
