package org.bhyvirt.driver.domain.flags;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Composes and checks libvirt flag words. {@link #check} is libvirt's {@code virCheckFlags}: a bit
 * outside the allowed ones fails with VIR_ERR_INVALID_ARG and libvirt's message.
 */
public final class Flags {

    private Flags() {
    }

    /** The flag word with {@code flags} set. */
    @SafeVarargs
    public static <F extends Enum<F> & VirFlag> long of(F... flags) {
        long v = 0;
        for (F f : flags) {
            v |= f.bit();
        }
        return v;
    }

    /** Fails unless every bit of {@code flags} is one of {@code allowed}. */
    @SafeVarargs
    public static <F extends Enum<F> & VirFlag> void check(String function, long flags, F... allowed) {
        long mask = of(allowed);
        if ((flags & ~mask) != 0) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    String.format("%s: unsupported flags (0x%x)", function, flags & ~mask));
        }
    }

    /** Whether {@code flag} is set in {@code flags}. */
    public static boolean has(long flags, VirFlag flag) {
        return (flags & flag.bit()) != 0;
    }
}
