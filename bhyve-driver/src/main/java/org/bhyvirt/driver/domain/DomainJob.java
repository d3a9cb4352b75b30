package org.bhyvirt.driver.domain;

/**
 * A long operation holding a domain between driver calls, libvirt's asynchronous jobs
 * ({@code virDomainJobOperation}): while one runs, queries answer, destroy stays possible (it ends
 * the guest and so the job), and every other call that would change the domain is refused at once
 * with VIR_ERR_OPERATION_INVALID naming the job. libvirt's qemu driver instead queues such a call
 * for up to 30 s and then fails it with VIR_ERR_OPERATION_TIMEOUT ("cannot acquire state change
 * lock"), and lets suspend through during an outgoing migration; an immediate refusal tells a
 * caller the same thing without holding its thread, and a suspend here would fight the engine's
 * own pause and resume.
 */
public enum DomainJob {
    /** The domain is the source of a migration: from begin to confirm. */
    MIGRATION_OUT("outgoing migration"),
    /** The domain is the destination of a migration: from prepare to finish (or its abort). */
    MIGRATION_IN("incoming migration");

    private final String description;

    DomainJob(String description) {
        this.description = description;
    }

    /** The job as named in error messages, e.g. "outgoing migration". */
    public String description() {
        return description;
    }
}
