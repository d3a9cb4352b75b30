package org.bhyvirt.driver.error;

/**
 * libvirt's {@code virErrorNumber} values that bhyvirt reports. The numbers are libvirt's wire
 * values (virerror.h): they pass through the RPC server unchanged, so a number is never changed
 * or reused here. Each carries libvirt's message format for it (virerror.c's virErrorMsgStrings,
 * the form with information), so a message reads as libvirt's: "Domain not found: no domain with
 * matching name 'x'".
 */
public enum VirErrorNumber {
    INTERNAL_ERROR(1, "internal error: %s"),
    NO_CONNECT(5, "no connection driver available for %s"),
    NO_SUPPORT(3, "this function is not supported by the connection driver: %s"),
    INVALID_ARG(8, "invalid argument: %s"),
    OPERATION_FAILED(9, "operation failed: %s"),
    OS_TYPE(16, "unknown OS type %s"),
    NO_SOURCE(19, "missing source information for device %s"),
    NO_TARGET(20, "missing target information for device %s"),
    NO_NAME(21, "missing name information in %s"),
    XML_ERROR(27, "XML error: %s"),
    DOM_EXIST(28, "domain %s exists already"),
    OPERATION_DENIED(29, "operation forbidden: %s"),
    OPEN_FAILED(30, "failed to open configuration file %s"),
    READ_FAILED(31, "failed to read configuration file %s"),
    WRITE_FAILED(34, "failed to write configuration file: %s"),
    XML_DETAIL(35, "%s"),
    SYSTEM_ERROR(38, "%s"),
    RPC(39, "%s"),
    NO_DOMAIN(42, "Domain not found: %s"),
    INVALID_MAC(44, "invalid MAC address: %s"),
    OPERATION_INVALID(55, "Requested operation is not valid: %s"),
    CONFIG_UNSUPPORTED(67, "unsupported configuration: %s"),
    OPERATION_TIMEOUT(68, "Timed out during operation: %s"),
    ARGUMENT_UNSUPPORTED(74, "argument unsupported: %s"),
    OPERATION_ABORTED(78, "operation aborted: %s"),
    NO_DOMAIN_METADATA(80, "metadata not found: %s"),
    OPERATION_UNSUPPORTED(84, "Operation not supported: %s"),
    RESOURCE_BUSY(87, "resource busy: %s");

    private final int code;
    private final String format;

    /** A number whose message is its information alone. */
    VirErrorNumber(int code) {
        this(code, "%s");
    }

    VirErrorNumber(int code, String format) {
        this.code = code;
        this.format = format;
    }

    /**
     * The message libvirt gives this error with {@code info} (what the reporter said), e.g.
     * "Requested operation is not valid: domain is not running". Information that already
     * starts with the number's own "...: " prefix (the driver's NO_DOMAIN lookups word it so) is
     * returned as it is.
     */
    public String message(String info) {
        String prefix = format.substring(0, format.indexOf("%s"));
        if (prefix.endsWith(": ") && format.endsWith("%s") && info.startsWith(prefix)) {
            return info;
        }
        return format.replace("%s", info);
    }

    /** The libvirt wire value. */
    public int code() {
        return code;
    }

    /**
     * The number with libvirt wire value {@code code}; OPERATION_FAILED for a number bhyvirt does
     * not name (a peer's error the message still describes).
     */
    public static VirErrorNumber ofCode(int code) {
        for (VirErrorNumber n : values()) {
            if (n.code == code) {
                return n;
            }
        }
        return OPERATION_FAILED;
    }
}
