package org.bhyvirt.driver.domain;

import java.util.Optional;

import org.bhyvirt.driver.domain.store.DomainStore;

/**
 * Sets the job holding a domain and records it in the state directory at once, so a driver that
 * opens after a crash or a restart knows a migration was under way ({@link DomainReconnect}
 * recovers it, as libvirt's qemu driver recovers a migration job at daemon start). Called with the
 * domain's lock held.
 */
final class JobRecord {

    private JobRecord() {
    }

    /** Sets {@code job} (null for none) on {@code d} and records it. */
    static void set(DomainObject d, DomainJob job, DomainStore store) {
        d.job = job;
        store.saveJob(d.name, Optional.ofNullable(job).map(DomainJob::name));
    }

    /** The job recorded for domain {@code name} by an earlier driver, if any. */
    static Optional<DomainJob> recorded(String name, DomainStore store) {
        return store.readJob(name).flatMap(j -> {
            try {
                return Optional.of(DomainJob.valueOf(j));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // a record this driver does not know: nothing to recover
            }
        });
    }
}
