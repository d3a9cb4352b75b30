package org.bhyvirt.emulator.guest;

import java.util.Locale;

/**
 * What an emulated guest does, as its boot disk's header says (see {@link GuestImageHeader}).
 * Shares are fractions in [0, 1]; the working set is either a share of guest memory or a size in bytes
 * (exactly one of {@code workingSetShare} >= 0 and {@code workingSetBytes} >= 0 is in force).
 *
 * @param active          false for a guest that idles (no header on the boot disk)
 * @param workingSetShare share of guest memory the guest keeps rewriting, or -1
 * @param workingSetBytes size of that working set in bytes, or -1
 * @param writeRate       bytes per second the guest writes (all vCPUs together)
 * @param pattern         which working-set pages it writes next
 * @param freeShare       share of guest memory never touched
 * @param zeroShare       share of guest memory holding zero pages (written as zeros)
 * @param acpi            whether SIGTERM (the ACPI power button) powers the guest off
 */
public record Workload(boolean active, double workingSetShare, long workingSetBytes, long writeRate,
                       Pattern pattern, double freeShare, double zeroShare, Acpi acpi) {

    /** Access patterns over the working set. */
    public enum Pattern {
        /** Pages in order, wrapping around. */
        SEQUENTIAL,
        /** Uniformly random pages. */
        RANDOM,
        /** 80% of writes to the first 20% of the working set, the rest uniformly. */
        HOTSPOT;

        /** The header spelling. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the guest answers the ACPI power button. */
    public enum Acpi {
        /** Power off in order (bhyve exits 1). */
        HONOR,
        /** Ignore it and keep running. */
        IGNORE;

        /** The header spelling. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The workload of a guest whose disk carries no header: touches nothing, honours ACPI. */
    public static final Workload IDLE = new Workload(false, 0, -1, 0, Pattern.RANDOM, 1, 0, Acpi.HONOR);

    /** Checks the shares. */
    public Workload {
        if (freeShare < 0 || zeroShare < 0 || freeShare + zeroShare > 1 || writeRate < 0
                || workingSetShare > 1 || (workingSetShare < 0) == (workingSetBytes < 0)) {
            throw new IllegalArgumentException("inconsistent workload: free " + freeShare + ", zero " + zeroShare
                    + ", working set " + workingSetShare + "/" + workingSetBytes + ", write rate " + writeRate);
        }
    }

    /** Pages of the working set in a guest of {@code totalPages} pages. */
    public long workingSetPages(long totalPages, int pageSize) {
        return workingSetShare >= 0 ? (long) Math.floor(totalPages * workingSetShare) : workingSetBytes / pageSize;
    }
}
