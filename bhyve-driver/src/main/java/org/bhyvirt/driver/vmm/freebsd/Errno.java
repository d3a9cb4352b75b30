package org.bhyvirt.driver.vmm.freebsd;

/**
 * A failed system call on the FreeBSD host: which call and the errno it set (FreeBSD's values; the
 * constants here are the ones the Vmm maps to libvirt error numbers). Checked, so every caller of
 * {@link VmmSyscalls} decides what the failure means.
 */
public final class Errno extends Exception {
    private static final long serialVersionUID = 1L;
    /** FreeBSD errno.h ENOENT. */
    public static final int ENOENT = 2;
    /** FreeBSD errno.h ENOMEM. */
    public static final int ENOMEM = 12;
    /** FreeBSD errno.h EBUSY. */
    public static final int EBUSY = 16;
    /** FreeBSD errno.h EEXIST. */
    public static final int EEXIST = 17;
    /** FreeBSD errno.h EINVAL. */
    public static final int EINVAL = 22;

    private final int code;

    /** Call {@code call} failed with errno {@code code}. */
    public Errno(String call, int code) {
        super(call + " failed: errno " + code);
        this.code = code;
    }

    /** The errno value. */
    public int code() {
        return code;
    }
}
