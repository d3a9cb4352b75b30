package org.bhyvirt.emulator.guest;

/**
 * The share of its time each vCPU of a guest is made to sleep (0..99 percent), as QEMU's auto-converge
 * throttles vCPUs: after running for {@code t}, a vCPU sleeps {@code t * p / (100 - p)}, and its write
 * budget does not grow while it sleeps, so a throttled guest writes about {@code (100 - p)} percent as fast.
 */
final class VcpuThrottle {
    private volatile int percent;

    /** The current share in percent. */
    int percent() {
        return percent;
    }

    /** Sets the share; IllegalArgumentException outside 0..99. */
    void set(int p) {
        if (p < 0 || p > 99) {
            throw new IllegalArgumentException("throttle " + p + "% is outside 0..99");
        }
        percent = p;
    }

    /** How long to sleep after running for {@code ranNanos}. */
    long sleepNanos(long ranNanos) {
        int p = percent;
        return p == 0 ? 0 : ranNanos * p / (100 - p);
    }
}
