package org.bhyvirt.driver.rpc.proc;

import static org.bhyvirt.driver.rpc.proc.Domains.flags;
import static org.bhyvirt.driver.rpc.proc.Domains.resolve;
import static org.bhyvirt.driver.rpc.proc.Domains.ret;
import static org.bhyvirt.driver.rpc.server.Access.READ_WRITE;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.Limits;

/**
 * Domain lifecycle: define, create, start, suspend, resume, shutdown, reboot, destroy, undefine,
 * save, restore and managed save, each in its plain and its flags form (the plain form is the
 * flags form with 0). Every one needs a read-write connection; the driver checks the flags and
 * states and emits the lifecycle events.
 */
final class DomainLifecycleProcedures {

    private final DomainDriver driver;

    DomainLifecycleProcedures(DomainDriver driver) {
        this.driver = driver;
    }

    void register(ProcedureTable t) {
        t.add(RemoteProcedure.DOMAIN_DEFINE_XML, READ_WRITE, d -> {
            String xml = d.readString("xml", Limits.STRING_MAX);
            return s -> ret(driver.defineXML(xml, 0));
        });
        t.add(RemoteProcedure.DOMAIN_DEFINE_XML_FLAGS, READ_WRITE, d -> {
            String xml = d.readString("xml", Limits.STRING_MAX);
            long flags = flags(d);
            return s -> ret(driver.defineXML(xml, flags));
        });
        t.add(RemoteProcedure.DOMAIN_CREATE_XML, READ_WRITE, d -> {
            String xml = d.readString("xml_desc", Limits.STRING_MAX);
            long flags = flags(d);
            return s -> ret(driver.createXML(xml, flags));
        });
        t.add(RemoteProcedure.DOMAIN_CREATE, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            return s -> {
                driver.start(resolve(driver, dom).name(), 0);
                return Procedure.VOID;
            };
        });
        t.add(RemoteProcedure.DOMAIN_CREATE_WITH_FLAGS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> ret(driver.start(resolve(driver, dom).name(), flags));
        });
        t.add(RemoteProcedure.DOMAIN_SUSPEND, READ_WRITE, plain(driver::suspend));
        t.add(RemoteProcedure.DOMAIN_RESUME, READ_WRITE, plain(driver::resume));
        t.add(RemoteProcedure.DOMAIN_SHUTDOWN, READ_WRITE, plain(name -> driver.shutdown(name, 0)));
        t.add(RemoteProcedure.DOMAIN_SHUTDOWN_FLAGS, READ_WRITE, withFlags(driver::shutdown));
        t.add(RemoteProcedure.DOMAIN_REBOOT, READ_WRITE, withFlags(driver::reboot));
        t.add(RemoteProcedure.DOMAIN_DESTROY, READ_WRITE, plain(name -> driver.destroy(name, 0)));
        t.add(RemoteProcedure.DOMAIN_DESTROY_FLAGS, READ_WRITE, withFlags(driver::destroy));
        t.add(RemoteProcedure.DOMAIN_UNDEFINE, READ_WRITE, plain(name -> driver.undefine(name, 0)));
        t.add(RemoteProcedure.DOMAIN_UNDEFINE_FLAGS, READ_WRITE, withFlags(driver::undefine));
        t.add(RemoteProcedure.DOMAIN_MANAGED_SAVE, READ_WRITE, withFlags(driver::managedSave));
        t.add(RemoteProcedure.DOMAIN_MANAGED_SAVE_REMOVE, READ_WRITE, withFlags((name, flags) -> {
            if (flags != 0) {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                        String.format("virDomainManagedSaveRemove: unsupported flags (0x%x)", flags));
            }
            driver.managedSaveRemove(name);
        }));
        t.add(RemoteProcedure.DOMAIN_SAVE, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            String to = d.readString("to", Limits.STRING_MAX);
            return s -> save(dom, to, Optional.empty(), 0);
        });
        t.add(RemoteProcedure.DOMAIN_SAVE_FLAGS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            String to = d.readString("to", Limits.STRING_MAX);
            Optional<String> dxml = d.readOptional("dxml", x -> x.readString("dxml", Limits.STRING_MAX));
            long flags = flags(d);
            return s -> save(dom, to, dxml, flags);
        });
        t.add(RemoteProcedure.DOMAIN_RESTORE, READ_WRITE, d -> {
            String from = d.readString("from", Limits.STRING_MAX);
            return s -> restore(from, Optional.empty(), 0);
        });
        t.add(RemoteProcedure.DOMAIN_RESTORE_FLAGS, READ_WRITE, d -> {
            String from = d.readString("from", Limits.STRING_MAX);
            Optional<String> dxml = d.readOptional("dxml", x -> x.readString("dxml", Limits.STRING_MAX));
            long flags = flags(d);
            return s -> restore(from, dxml, flags);
        });
    }

    private byte[] save(RemoteDomain dom, String to, Optional<String> dxml, long flags) {
        refuseXmlChange(dxml);
        driver.save(resolve(driver, dom).name(), absolute(to), flags);
        return Procedure.VOID;
    }

    private byte[] restore(String from, Optional<String> dxml, long flags) {
        refuseXmlChange(dxml);
        driver.restore(absolute(from), flags);
        return Procedure.VOID;
    }

    private static void refuseXmlChange(Optional<String> dxml) {
        if (dxml.isPresent()) {
            throw new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED,
                    "xml modification of a saved image is not supported by the bhyve driver");
        }
    }

    /** A save file path as the client gave it: the server has no working directory of the client's. */
    private static Path absolute(String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    "save file path '" + path + "' must be absolute (it is a path on the bhyvirt host)");
        }
        return p;
    }

    /** A void procedure whose only argument is the domain. */
    private Procedure plain(Consumer<String> action) {
        return d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            return s -> {
                action.accept(resolve(driver, dom).name());
                return Procedure.VOID;
            };
        };
    }

    /** A void procedure taking the domain and a flags word. */
    private Procedure withFlags(BiConsumer<String, Long> action) {
        return d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> {
                action.accept(resolve(driver, dom).name(), flags);
                return Procedure.VOID;
            };
        };
    }
}
