package org.bhyvirt.driver.domain;

import java.util.UUID;
import java.util.function.Supplier;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * A domain looked up and locked for one operation; closing releases the lock. Lookups retry when
 * the found domain was removed while the caller waited for its lock, so a lease never holds a
 * removed domain. Errors use libvirt's VIR_ERR_NO_DOMAIN messages.
 */
final class DomainLease implements AutoCloseable {

    final DomainObject domain;

    private DomainLease(DomainObject domain) {
        this.domain = domain;
    }

    static DomainLease byName(DomainRegistry registry, String name) {
        return acquire(() -> registry.byName(name), () -> noDomain("no domain with matching name '" + name + "'"));
    }

    static DomainLease byUuid(DomainRegistry registry, UUID uuid) {
        return acquire(() -> registry.byUuid(uuid), () -> noDomain("no domain with matching uuid '" + uuid + "'"));
    }

    /**
     * The domain named {@code name}, locked for {@code operation}, a call that changes it: refused
     * with VIR_ERR_OPERATION_INVALID naming the job while a {@link DomainJob} holds the domain.
     */
    static DomainLease forChange(DomainRegistry registry, String name, String operation) {
        DomainLease lease = byName(registry, name);
        DomainJob job = lease.domain.job;
        if (job != null) {
            lease.close();
            throw jobRefusal(lease.domain, job, operation);
        }
        return lease;
    }

    /** libvirt's number for a call refused because {@code job} holds {@code d}. */
    static BhyveDriverException jobRefusal(DomainObject d, DomainJob job, String operation) {
        return new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot " + operation + " domain '"
                + d.name + "': an " + job.description() + " job is in progress");
    }

    /**
     * The domain named {@code name}, not locked: for the read-only queries, which must answer while
     * an operation holds the domain's lock.
     */
    static DomainObject peekByName(DomainRegistry registry, String name) {
        DomainObject d = registry.byName(name);
        if (d == null) {
            throw noDomain("no domain with matching name '" + name + "'");
        }
        return d;
    }

    /** The domain with {@code uuid}, not locked (see {@link #peekByName}). */
    static DomainObject peekByUuid(DomainRegistry registry, UUID uuid) {
        DomainObject d = registry.byUuid(uuid);
        if (d == null) {
            throw noDomain("no domain with matching uuid '" + uuid + "'");
        }
        return d;
    }

    /** The domain named by {@code def}, added (inactive, transient) if absent; locked. */
    static DomainLease addOrFind(DomainRegistry registry, org.bhyvirt.driver.domain.def.DomainDef def) {
        while (true) {
            DomainRegistry.Added a = registry.addOrFind(def.name(), def.uuid());
            if (a.created()) {
                return ofLocked(a.domain());
            }
            a.domain().lock.lock();
            if (!a.domain().removed) {
                return ofLocked(a.domain());
            }
            a.domain().lock.unlock();
        }
    }

    /**
     * Refuses a start on {@code d} with VIR_ERR_OPERATION_INVALID while it is active: an incoming
     * migration or a restore needs the domain shut off here.
     */
    static void requireInactive(DomainObject d) {
        if (d.isActive()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "domain '" + d.name + "' is already active on this host");
        }
    }

    /**
     * Undoes {@link #addOrFind} after a failed start or define: removes {@code d} from
     * {@code registry} when it is neither persistent nor active (only the failed call added it).
     */
    static void forgetIfUnused(DomainRegistry registry, DomainObject d) {
        if (!d.isPersistent() && !d.isActive()) {
            registry.remove(d);
        }
    }

    static DomainLease ofLocked(DomainObject d) {
        return new DomainLease(d);
    }

    static BhyveDriverException noDomain(String what) {
        return new BhyveDriverException(VirErrorNumber.NO_DOMAIN, "Domain not found: " + what);
    }

    private static DomainLease acquire(Supplier<DomainObject> find, Supplier<BhyveDriverException> missing) {
        while (true) {
            DomainObject d = find.get();
            if (d == null) {
                throw missing.get();
            }
            d.lock.lock();
            if (!d.removed) {
                return new DomainLease(d);
            }
            d.lock.unlock();
        }
    }

    @Override
    public void close() {
        domain.lock.unlock();
    }
}
