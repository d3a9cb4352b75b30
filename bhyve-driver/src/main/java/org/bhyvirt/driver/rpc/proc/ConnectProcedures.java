package org.bhyvirt.driver.rpc.proc;

import static org.bhyvirt.driver.rpc.proc.Domains.retHyper;
import static org.bhyvirt.driver.rpc.proc.Domains.retInt;
import static org.bhyvirt.driver.rpc.proc.Domains.retString;
import static org.bhyvirt.driver.rpc.server.Access.BEFORE_OPEN;
import static org.bhyvirt.driver.rpc.server.Access.READ_ONLY;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorDomain;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.NodeInfo;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * Connection and node procedures: authentication (none), features, open and close, the
 * hypervisor's type, version and host name, node info, capabilities, domain capabilities and
 * domxml-to-native. Opening accepts the URIs libvirt's bhyve driver accepts ({@code
 * bhyve:///system}, with query parameters) and the empty name a {@code remote+...} URI sends.
 */
final class ConnectProcedures {

    /** REMOTE_AUTH_NONE. */
    private static final int AUTH_NONE = 0;
    /** VIR_CONNECT_RO. */
    private static final long CONNECT_RO = 1;
    /** The libvirt release whose protocol this server speaks (9.0.0), for CONNECT_GET_LIB_VERSION. */
    static final long LIB_VERSION = 9_000_000L;

    private final DomainDriver driver;
    private final Set<Feature> features;

    ConnectProcedures(DomainDriver driver, Set<Feature> features) {
        this.driver = driver;
        this.features = features;
    }

    void register(ProcedureTable t) {
        t.add(RemoteProcedure.AUTH_LIST, BEFORE_OPEN, d -> s -> new XdrEncoder(8)
                .writeArray(List.of(AUTH_NONE), XdrEncoder::writeInt).toByteArray());
        t.add(RemoteProcedure.CONNECT_SUPPORTS_FEATURE, BEFORE_OPEN, d -> {
            int feature = d.readInt("feature");
            return s -> retInt(Feature.of(feature).filter(features::contains).isPresent() ? 1 : 0);
        });
        t.add(RemoteProcedure.CONNECT_OPEN, BEFORE_OPEN, this::open);
        t.add(RemoteProcedure.CONNECT_CLOSE, BEFORE_OPEN, d -> s -> Procedure.VOID);
        t.add(RemoteProcedure.CONNECT_REGISTER_CLOSE_CALLBACK, READ_ONLY, d -> s -> {
            s.setCloseCallback(true);
            return Procedure.VOID;
        });
        t.add(RemoteProcedure.CONNECT_UNREGISTER_CLOSE_CALLBACK, READ_ONLY, d -> s -> {
            s.setCloseCallback(false);
            return Procedure.VOID;
        });
        t.add(RemoteProcedure.CONNECT_GET_TYPE, READ_ONLY, d -> s -> retString("BHYVE"));
        t.add(RemoteProcedure.CONNECT_GET_VERSION, READ_ONLY, d -> s -> retHyper(hypervisorVersion(System.getProperty("os.version"))));
        t.add(RemoteProcedure.CONNECT_GET_LIB_VERSION, READ_ONLY, d -> s -> retHyper(LIB_VERSION));
        t.add(RemoteProcedure.CONNECT_GET_HOSTNAME, READ_ONLY, d -> s -> retString(driver.capabilities().hostName()));
        t.add(RemoteProcedure.CONNECT_GET_URI, READ_ONLY, d -> s -> retString(s.uri().isEmpty() ? "bhyve:///system" : s.uri()));
        t.add(RemoteProcedure.CONNECT_IS_SECURE, READ_ONLY, d -> s -> retInt(s.isSecure() ? 1 : 0));
        t.add(RemoteProcedure.CONNECT_GET_MAX_VCPUS, READ_ONLY, d -> {
            d.readOptional("type", x -> x.readString("type", Limits.STRING_MAX));
            return s -> retInt(org.bhyvirt.driver.domain.CapabilitiesXml.MAX_VCPUS);
        });
        t.add(RemoteProcedure.NODE_GET_INFO, READ_ONLY, d -> s -> nodeInfo(driver.nodeInfo()));
        t.add(RemoteProcedure.NODE_GET_SECURITY_MODEL, READ_ONLY, d -> s -> new XdrEncoder(8)
                .writeCharList("").writeCharList("").toByteArray());
        t.add(RemoteProcedure.CONNECT_GET_CAPABILITIES, READ_ONLY, d -> s -> retString(driver.capabilitiesXml()));
        t.add(RemoteProcedure.CONNECT_GET_DOMAIN_CAPABILITIES, READ_ONLY, this::domainCapabilities);
        t.add(RemoteProcedure.CONNECT_DOMAIN_XML_TO_NATIVE, READ_ONLY, d -> {
            String format = d.readString("native format", Limits.STRING_MAX);
            String xml = d.readString("domain XML", Limits.STRING_MAX);
            long flags = Domains.flags(d);
            return s -> retString(driver.domainXmlToNative(format, xml, flags));
        });
    }

    private Procedure.Action open(XdrDecoder d) {
        Optional<String> name = d.readOptional("name", x -> x.readString("name", Limits.STRING_MAX));
        long flags = Domains.flags(d);
        return s -> {
            if ((flags & ~CONNECT_RO) != 0) {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                        "unsupported flags (0x" + Long.toHexString(flags & ~CONNECT_RO) + ") in function virConnectOpen");
            }
            String uri = name.orElse("");
            checkUri(uri);
            s.open(uri, (flags & CONNECT_RO) != 0);
            return Procedure.VOID;
        };
    }

    /** libvirt's bhyve driver: scheme bhyve, path /system; an empty name means the default. */
    static void checkUri(String uri) {
        if (uri.isEmpty()) {
            return;
        }
        int scheme = uri.indexOf(':');
        if (scheme < 0 || !uri.substring(0, scheme).equals("bhyve")) {
            throw new BhyveDriverException(VirErrorNumber.NO_CONNECT, VirErrorDomain.NONE, uri, null);
        }
        String rest = uri.substring(scheme + 1);
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            path = slash < 0 ? "" : path.substring(slash);
        }
        if (!path.equals("/system")) {
            throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR,
                    "Unexpected bhyve URI path '" + path + "', try bhyve:///system");
        }
    }

    private Procedure.Action domainCapabilities(XdrDecoder d) {
        Optional<String> emulator = d.readOptional("emulatorbin", x -> x.readString("emulatorbin", Limits.STRING_MAX));
        Optional<String> arch = d.readOptional("arch", x -> x.readString("arch", Limits.STRING_MAX));
        Optional<String> machine = d.readOptional("machine", x -> x.readString("machine", Limits.STRING_MAX));
        Optional<String> virttype = d.readOptional("virttype", x -> x.readString("virttype", Limits.STRING_MAX));
        long flags = Domains.flags(d);
        return s -> {
            if (flags != 0) {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                        "unsupported flags (0x" + Long.toHexString(flags) + ") in function virConnectGetDomainCapabilities");
            }
            if (virttype.filter(v -> !v.equals("bhyve")).isPresent()) {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "unknown virttype: " + virttype.get());
            }
            if (arch.filter(a -> !a.equals("x86_64")).isPresent()) {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "unknown architecture: " + arch.get());
            }
            machine.ifPresent(m -> {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "bhyve has no machine types ('" + m + "')");
            });
            emulator.ifPresent(e -> driver.checkEmulator(e));
            return retString(driver.domainCapabilitiesXml());
        };
    }

    private static byte[] nodeInfo(NodeInfo node) {
        XdrEncoder e = new XdrEncoder(160);
        e.writeCharArray(node.model(), 32);
        e.writeHyper(node.memoryKiB());
        e.writeInt(node.cpus());
        e.writeInt(NodeMhz.read());
        e.writeInt(1);            // NUMA nodes
        e.writeInt(1);            // sockets per node
        e.writeInt(node.cpus());  // cores per socket
        e.writeInt(1);            // threads per core
        return e.toByteArray();
    }

    /**
     * The hypervisor version as libvirt's bhyve driver reports it: the kernel release (uname -r,
     * here {@code os.version}) parsed as major.minor.micro, major * 1,000,000 + minor * 1,000 +
     * micro; 0 when it does not parse.
     */
    static long hypervisorVersion(String release) {
        if (release == null) {
            return 0;
        }
        long[] parts = new long[3];
        int part = 0;
        boolean digits = false;
        for (char c : release.toCharArray()) {
            if (Character.isDigit(c)) {
                parts[part] = parts[part] * 10 + (c - '0');
                digits = true;
                if (parts[part] > 999 && part > 0) {
                    return 0;
                }
            } else if (c == '.' && digits && part < 2) {
                part++;
                digits = false;
            } else {
                break;
            }
        }
        return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2];
    }
}
