package org.bhyvirt.migration.nativ;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A destination bhyve in receive mode ({@code -R host,port}) as the supervision sees it, whoever
 * started it (a plain process here, or the destination host's domain driver): where its output
 * goes, from which offset that output is its own, its exit status, and how to end it.
 */
public interface ReceivingBhyve {

    /** The file its stdout and stderr are appended to (where the readiness line appears). */
    Path log();

    /** The log's length before this bhyve started: earlier lines belong to earlier runs. */
    long logOffset();

    /** Completes with its exit status (128 + signal when killed by one). */
    CompletableFuture<Integer> exit();

    /** Ends it (the migration failed); returns once it is gone. */
    void kill();
}
