package org.bhyvirt.driver.error;

/**
 * libvirt's {@code virErrorDomain} values bhyvirt reports (where an error came from). Wire values
 * from virerror.h; never changed or reused.
 */
public enum VirErrorDomain {
    NONE(0),
    RPC(7),
    DOMAIN(10),
    CONF(11),
    BHYVE(57);

    private final int code;

    VirErrorDomain(int code) {
        this.code = code;
    }

    /** The libvirt wire value. */
    public int code() {
        return code;
    }

    /** The domain with libvirt wire value {@code code}; NONE for one bhyvirt does not name. */
    public static VirErrorDomain ofCode(int code) {
        for (VirErrorDomain d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return NONE;
    }
}
