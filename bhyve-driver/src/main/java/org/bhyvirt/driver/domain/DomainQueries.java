package org.bhyvirt.driver.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * The driver's read-only questions that span domains or time: the filtered list of all domains
 * (read without their locks, so it answers while operations run; see {@link DomainObject}) and
 * waiting for a domain to become inactive (awaiting its run's end, never holding its lock while
 * waiting).
 */
final class DomainQueries {

    private DomainQueries() {
    }

    /** The domains matching libvirt's list {@code flags} (already checked), sorted by name. */
    static List<DomainRef> list(DomainRegistry registry, DomainStore store, long flags) {
        List<DomainRef> out = new ArrayList<>();
        for (DomainObject d : registry.all()) {
            if (d.removed) {
                continue;
            }
            boolean persistent = d.isPersistent();
            ListFilter.Facts facts = new ListFilter.Facts(d.state(), persistent,
                    store.hasManagedSave(d.name), persistent && store.isAutostart(d.name));
            if (ListFilter.matches(flags, facts)) {
                out.add(DomainDriver.ref(d));
            }
        }
        return out;
    }

    static boolean awaitInactive(DomainRegistry registry, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DomainObject d = registry.byName(name);
            if (d == null) {
                return true;
            }
            CompletableFuture<Void> ended;
            d.lock.lock();
            try {
                if (d.removed || !d.isActive()) {
                    return true;
                }
                ended = d.runEnded;
            } finally {
                d.lock.unlock();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                ended.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                // runEnded only ever completes normally; look again
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED, "interrupted waiting for '" + name + "'");
            }
        }
    }
}
