package org.bhyvirt.emulator.guest;

/**
 * The saved state of one emulated vCPU (its "registers"): enough to continue its workload exactly.
 *
 * @param id            vCPU number
 * @param rng           state of its xorshift random generator (never 0)
 * @param cursor        next working-set index for the sequential pattern
 * @param populateNext  next index of its boot-time population (done when past its share)
 * @param pagesWritten  pages it has written since boot
 */
public record VcpuState(int id, long rng, long cursor, long populateNext, long pagesWritten) {

    /** The state of vCPU {@code id} at boot. */
    public static VcpuState atBoot(int id, long seed) {
        return new VcpuState(id, seed == 0 ? 0x9E3779B97F4A7C15L : seed, 0, 0, 0);
    }
}
