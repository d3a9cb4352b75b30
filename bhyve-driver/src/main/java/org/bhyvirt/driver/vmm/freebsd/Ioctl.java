package org.bhyvirt.driver.vmm.freebsd;

/**
 * FreeBSD's ioctl request encoding (sys/sys/ioccom.h), computed rather than copied as magic numbers:
 * {@code _IOC(inout, group, num, len) = inout | (len & IOCPARM_MASK) << 16 | group << 8 | num}, with
 * {@code _IO} = void, {@code _IOR} = out (kernel to user), {@code _IOW} = in (user to kernel) and
 * {@code _IOWR} = both. The result is an {@code unsigned long}; every request here fits 32 bits.
 * A length that does not fit the 13-bit parameter field is refused instead of wrapping silently.
 */
public final class Ioctl {

    /** Bits of the parameter length field. */
    public static final int IOCPARM_SHIFT = 13;
    /** Mask of the parameter length field. */
    public static final int IOCPARM_MASK = (1 << IOCPARM_SHIFT) - 1;
    /** No parameters. */
    public static final long IOC_VOID = 0x20000000L;
    /** Copy parameters out (kernel to user). */
    public static final long IOC_OUT = 0x40000000L;
    /** Copy parameters in (user to kernel). */
    public static final long IOC_IN = 0x80000000L;
    /** Copy parameters in and out. */
    public static final long IOC_INOUT = IOC_IN | IOC_OUT;

    private Ioctl() {
    }

    /** {@code _IOC(inout, group, num, len)}. */
    public static long ioc(long inout, char group, int num, int len) {
        if (inout != IOC_VOID && inout != IOC_OUT && inout != IOC_IN && inout != IOC_INOUT) {
            throw new IllegalArgumentException("direction 0x" + Long.toHexString(inout) + " is not an IOC_ value");
        }
        if (group > 0xFF || num < 0 || num > 0xFF) {
            throw new IllegalArgumentException("group '" + group + "' or number " + num + " does not fit a byte");
        }
        if (len < 0 || len > IOCPARM_MASK) {
            throw new IllegalArgumentException("ioctl parameter of " + len + " bytes does not fit "
                    + IOCPARM_SHIFT + " bits (at most " + IOCPARM_MASK + ")");
        }
        return inout | ((long) (len & IOCPARM_MASK) << 16) | ((long) group << 8) | num;
    }

    /** {@code _IO(group, num)}. */
    public static long io(char group, int num) {
        return ioc(IOC_VOID, group, num, 0);
    }

    /** {@code _IOR(group, num, type)} with {@code sizeof(type) == len}. */
    public static long ior(char group, int num, int len) {
        return ioc(IOC_OUT, group, num, len);
    }

    /** {@code _IOW(group, num, type)} with {@code sizeof(type) == len}. */
    public static long iow(char group, int num, int len) {
        return ioc(IOC_IN, group, num, len);
    }

    /** {@code _IOWR(group, num, type)} with {@code sizeof(type) == len}. */
    public static long iowr(char group, int num, int len) {
        return ioc(IOC_INOUT, group, num, len);
    }
}
