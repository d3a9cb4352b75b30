package org.bhyvirt.driver.rpc.wire;

import java.util.Objects;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorDomain;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * {@code remote_error}: libvirt's error number and domain, the message virsh prints after
 * "error: ", and level 2 (VIR_ERR_ERROR). The message is always present and the domain and network
 * references are always NULL, as libvirtd sends them; str1 carries the message as well, as
 * libvirt's own errors do.
 */
public record RemoteError(int code, int domain, String message) {

    /** VIR_ERR_ERROR. */
    public static final int LEVEL_ERROR = 2;

    public RemoteError {
        Objects.requireNonNull(message, "message");
    }

    /** A driver error, numbers passed through unchanged. */
    public static RemoteError of(BhyveDriverException e) {
        return new RemoteError(e.number().code(), e.errorDomain().code(), e.libvirtMessage());
    }

    /** libvirtd's answer to a procedure it does not implement; clients turn it into NO_SUPPORT and fall back. */
    public static RemoteError unknownProcedure(int procedure) {
        return rpc("unknown procedure: " + procedure);
    }

    /** An error of the RPC layer itself (VIR_ERR_RPC from VIR_FROM_RPC). */
    public static RemoteError rpc(String message) {
        return new RemoteError(VirErrorNumber.RPC.code(), VirErrorDomain.RPC.code(), message);
    }

    public byte[] encode() {
        XdrEncoder e = new XdrEncoder(64 + 2 * message.length());
        e.writeInt(code).writeInt(domain);
        e.writeBool(true).writeString(message);
        e.writeInt(LEVEL_ERROR);
        e.writeBool(false);                        // dom
        e.writeBool(true).writeString(message);    // str1
        e.writeBool(false);                        // str2
        e.writeBool(false);                        // str3
        e.writeInt(-1).writeInt(-1);               // int1, int2
        e.writeBool(false);                        // net
        return e.toByteArray();
    }

    /** Reads an error payload (what the RPC client of this package receives). */
    public static RemoteError decode(byte[] payload) {
        XdrDecoder d = XdrDecoder.of(payload);
        int code = d.readInt("error code");
        int domain = d.readInt("error domain");
        String message = d.readOptional("error message", x -> x.readString("error message", Limits.STRING_MAX))
                .orElse("(no message)");
        return new RemoteError(code, domain, message);
    }
}
