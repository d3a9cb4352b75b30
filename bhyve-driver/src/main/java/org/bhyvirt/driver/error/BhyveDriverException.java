package org.bhyvirt.driver.error;

import java.util.Objects;

/**
 * The one exception that crosses the bhyve-driver boundary. It carries libvirt's error number
 * and error domain, so the RPC server and the REST API can report it unchanged, and a message
 * that names what failed and, where it matters, in which state. {@link #getMessage()} is the
 * information the reporter gave (libvirt's virReportError format argument); {@link
 * #libvirtMessage()} is the whole message as libvirt reports it (virError.message, what virsh
 * prints after "error: "), which the RPC server passes on.
 */
public class BhyveDriverException extends RuntimeException {

    private final VirErrorNumber number;
    private final VirErrorDomain domain;

    public BhyveDriverException(VirErrorNumber number, String message) {
        this(number, VirErrorDomain.BHYVE, message, null);
    }

    public BhyveDriverException(VirErrorNumber number, String message, Throwable cause) {
        this(number, VirErrorDomain.BHYVE, message, cause);
    }

    public BhyveDriverException(VirErrorNumber number, VirErrorDomain domain, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.number = Objects.requireNonNull(number, "number");
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /** libvirt's error number (virErrorNumber). */
    public VirErrorNumber number() {
        return number;
    }

    /** The message as libvirt gives it: the number's format with this error's information. */
    public String libvirtMessage() {
        return number.message(getMessage());
    }

    /** libvirt's error domain (virErrorDomain). */
    public VirErrorDomain errorDomain() {
        return domain;
    }
}
