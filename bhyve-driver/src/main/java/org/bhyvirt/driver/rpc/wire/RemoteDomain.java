package org.bhyvirt.driver.rpc.wire;

import java.util.Objects;
import java.util.UUID;

import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * {@code remote_nonnull_domain}: name, UUID and id (-1 while inactive). A client's copy may be
 * stale; the server looks domains up by UUID and always answers with the current values.
 */
public record RemoteDomain(String name, UUID uuid, int id) {

    /** Least bytes of one domain on the wire (empty name, UUID, id). */
    public static final int MIN_WIRE_BYTES = 4 + 16 + 4;

    public RemoteDomain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }

    public static RemoteDomain of(DomainRef ref) {
        return new RemoteDomain(ref.name(), ref.uuid(), ref.id());
    }

    public static RemoteDomain read(XdrDecoder d) {
        return new RemoteDomain(d.readString("domain name", Limits.STRING_MAX), d.readUuid("domain uuid"),
                d.readInt("domain id"));
    }

    public static void write(XdrEncoder e, RemoteDomain dom) {
        e.writeString(dom.name).writeUuid(dom.uuid).writeInt(dom.id);
    }

    public static void write(XdrEncoder e, DomainRef ref) {
        write(e, of(ref));
    }
}
