package org.bhyvirt.driver.error;

/**
 * libvirt's {@code virErrorNumber} values that bhyvirt reports. The numbers are libvirt's wire
 * values (virerror.h): they pass through the RPC server unchanged, so a number is never changed
 * or reused here.
 */
public enum VirErrorNumber {
    INTERNAL_ERROR(1),
    NO_SUPPORT(3),
    INVALID_ARG(8),
    OPERATION_FAILED(9),
    OS_TYPE(16),
    NO_SOURCE(19),
    NO_TARGET(20),
    NO_NAME(21),
    XML_ERROR(27),
    DOM_EXIST(28),
    OPERATION_DENIED(29),
    OPEN_FAILED(30),
    READ_FAILED(31),
    WRITE_FAILED(34),
    XML_DETAIL(35),
    SYSTEM_ERROR(38),
    RPC(39),
    NO_DOMAIN(42),
    INVALID_MAC(44),
    OPERATION_INVALID(55),
    CONFIG_UNSUPPORTED(67),
    OPERATION_TIMEOUT(68),
    ARGUMENT_UNSUPPORTED(74),
    OPERATION_ABORTED(78),
    NO_DOMAIN_METADATA(80),
    OPERATION_UNSUPPORTED(84),
    RESOURCE_BUSY(87);

    private final int code;

    VirErrorNumber(int code) {
        this.code = code;
    }

    /** The libvirt wire value. */
    public int code() {
        return code;
    }
}
