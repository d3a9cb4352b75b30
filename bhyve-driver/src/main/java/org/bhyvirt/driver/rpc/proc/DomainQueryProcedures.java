package org.bhyvirt.driver.rpc.proc;

import static org.bhyvirt.driver.rpc.proc.Domains.flags;
import static org.bhyvirt.driver.rpc.proc.Domains.resolve;
import static org.bhyvirt.driver.rpc.proc.Domains.ret;
import static org.bhyvirt.driver.rpc.proc.Domains.retInt;
import static org.bhyvirt.driver.rpc.proc.Domains.retString;
import static org.bhyvirt.driver.rpc.server.Access.READ_ONLY;
import static org.bhyvirt.driver.rpc.server.Access.READ_WRITE;

import java.util.List;
import java.util.function.Function;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainInfo;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * Domain queries: listing (LIST_ALL_DOMAINS and the older NUM_OF/LIST calls clients fall back
 * to), lookups by id, name and UUID, state, info, OS type, XML, autostart, persistence and
 * managed save. They answer at once, also while an operation holds the domain.
 */
final class DomainQueryProcedures {

    private final DomainDriver driver;

    DomainQueryProcedures(DomainDriver driver) {
        this.driver = driver;
    }

    void register(ProcedureTable t) {
        t.add(RemoteProcedure.CONNECT_LIST_ALL_DOMAINS, READ_ONLY, this::listAll);
        t.add(RemoteProcedure.CONNECT_NUM_OF_DOMAINS, READ_ONLY, d -> s -> retInt(active().size()));
        t.add(RemoteProcedure.CONNECT_NUM_OF_DEFINED_DOMAINS, READ_ONLY, d -> s -> retInt(inactive().size()));
        t.add(RemoteProcedure.CONNECT_LIST_DOMAINS, READ_ONLY, d -> {
            int max = maxCount(d.readInt("maxids"), "maxids");
            return s -> new XdrEncoder().writeArray(active().stream().limit(max).map(DomainRef::id).toList(),
                    XdrEncoder::writeInt).toByteArray();
        });
        t.add(RemoteProcedure.CONNECT_LIST_DEFINED_DOMAINS, READ_ONLY, d -> {
            int max = maxCount(d.readInt("maxnames"), "maxnames");
            return s -> new XdrEncoder().writeArray(inactive().stream().limit(max).map(DomainRef::name).toList(),
                    XdrEncoder::writeString).toByteArray();
        });
        t.add(RemoteProcedure.DOMAIN_LOOKUP_BY_ID, READ_ONLY, d -> {
            int id = d.readInt("id");
            return s -> ret(driver.lookupById(id));
        });
        t.add(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME, READ_ONLY, d -> {
            String name = d.readString("name", Limits.STRING_MAX);
            return s -> ret(driver.lookupByName(name));
        });
        t.add(RemoteProcedure.DOMAIN_LOOKUP_BY_UUID, READ_ONLY, d -> {
            java.util.UUID uuid = d.readUuid("uuid");
            return s -> ret(driver.lookupByUuid(uuid));
        });
        t.add(RemoteProcedure.DOMAIN_GET_STATE, READ_ONLY, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> {
                if (flags != 0) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                            String.format("virDomainGetState: unsupported flags (0x%x)", flags));
                }
                DomainStatus st = driver.getState(resolve(driver, dom).name());
                return new XdrEncoder(8).writeInt(st.state().code()).writeInt(st.reason().code()).toByteArray();
            };
        });
        t.add(RemoteProcedure.DOMAIN_GET_INFO, READ_ONLY, onDomain(ref -> {
            DomainInfo i = driver.getInfo(ref.name());
            return new XdrEncoder(40).writeInt(i.state().code()).writeHyper(i.maxMemKiB()).writeHyper(i.memoryKiB())
                    .writeInt(i.vcpus()).writeHyper(i.cpuTimeNs()).toByteArray();
        }));
        t.add(RemoteProcedure.DOMAIN_GET_MAX_MEMORY, READ_ONLY, onDomain(ref ->
                Domains.retHyper(driver.getInfo(ref.name()).maxMemKiB())));
        t.add(RemoteProcedure.DOMAIN_GET_OS_TYPE, READ_ONLY, onDomain(ref -> retString("hvm")));
        t.add(RemoteProcedure.DOMAIN_IS_ACTIVE, READ_ONLY, onDomain(ref ->
                retInt(driver.getState(ref.name()).isActive() ? 1 : 0)));
        t.add(RemoteProcedure.DOMAIN_IS_PERSISTENT, READ_ONLY, onDomain(ref ->
                retInt(driver.isPersistent(ref.name()) ? 1 : 0)));
        t.add(RemoteProcedure.DOMAIN_GET_AUTOSTART, READ_ONLY, onDomain(ref ->
                retInt(driver.getAutostart(ref.name()) ? 1 : 0)));
        t.add(RemoteProcedure.DOMAIN_SET_AUTOSTART, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            boolean autostart = d.readBool("autostart");
            return s -> {
                driver.setAutostart(resolve(driver, dom).name(), autostart);
                return Procedure.VOID;
            };
        });
        t.add(RemoteProcedure.DOMAIN_HAS_MANAGED_SAVE_IMAGE, READ_ONLY, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> {
                if (flags != 0) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                            String.format("virDomainHasManagedSaveImage: unsupported flags (0x%x)", flags));
                }
                return retInt(driver.hasManagedSaveImage(resolve(driver, dom).name()) ? 1 : 0);
            };
        });
        t.add(RemoteProcedure.DOMAIN_GET_XML_DESC, READ_ONLY, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> {
                if ((flags & org.bhyvirt.driver.domain.flags.XmlFlag.SECURE.bit()) != 0 && s.isReadOnly()) {
                    throw new BhyveDriverException(VirErrorNumber.OPERATION_DENIED,
                            "virDomainGetXMLDesc with secure flag");
                }
                return retString(driver.getXMLDesc(resolve(driver, dom).name(), flags));
            };
        });
    }

    /** A procedure whose only argument is the domain. */
    private Procedure onDomain(Function<DomainRef, byte[]> body) {
        return d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            return s -> body.apply(resolve(driver, dom));
        };
    }

    private Procedure.Action listAllAction(boolean needResults, long flags) {
        return s -> {
            List<DomainRef> all = driver.listAllDomains(flags);
            XdrEncoder e = new XdrEncoder(64 * all.size() + 8);
            e.writeArray(needResults ? all : List.of(), RemoteDomain::write);
            e.writeUnsignedInt(all.size());
            return e.toByteArray();
        };
    }

    private Procedure.Action listAll(XdrDecoder d) {
        boolean needResults = d.readBool("need_results");
        long flags = flags(d);
        return listAllAction(needResults, flags);
    }

    private List<DomainRef> active() {
        return driver.listAllDomains(ListFlag.ACTIVE.bit());
    }

    private List<DomainRef> inactive() {
        return driver.listAllDomains(ListFlag.INACTIVE.bit());
    }

    private static int maxCount(int requested, String what) {
        if (requested < 0 || requested > Limits.NAME_LIST_MAX) {
            throw new BhyveDriverException(VirErrorNumber.RPC, org.bhyvirt.driver.error.VirErrorDomain.RPC,
                    what + " > REMOTE_DOMAIN_LIST_MAX", null);
        }
        return requested;
    }
}
