package org.bhyvirt.driver.rpc.proc;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/** Shared steps of the domain procedures: finding the domain a client names, encoding one back. */
final class Domains {

    private Domains() {
    }

    /** The domain a client's reference means now, found by UUID (NO_DOMAIN when it is gone). */
    static DomainRef resolve(DomainDriver driver, RemoteDomain dom) {
        return driver.lookupByUuid(dom.uuid());
    }

    /** A return struct holding one domain. */
    static byte[] ret(DomainRef ref) {
        XdrEncoder e = new XdrEncoder(64);
        RemoteDomain.write(e, ref);
        return e.toByteArray();
    }

    static byte[] retInt(int v) {
        return new XdrEncoder(4).writeInt(v).toByteArray();
    }

    static byte[] retHyper(long v) {
        return new XdrEncoder(8).writeHyper(v).toByteArray();
    }

    static byte[] retString(String s) {
        return new XdrEncoder(8 + s.length()).writeString(s).toByteArray();
    }

    /** libvirt's unsigned int flags argument, as the driver's long. */
    static long flags(org.bhyvirt.driver.rpc.xdr.XdrDecoder d) {
        return d.readUnsignedInt("flags");
    }
}
