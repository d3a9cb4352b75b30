package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.MigrationToken;

/**
 * The listening and waiting both destination kinds ({@link TargetMigration},
 * {@link ColdTargetMigration}) share: a socket bound to an ephemeral port for one source, the
 * {@link Incoming} it answers, and finish's bounded wait for the received stream.
 *
 * <p>Guarantee: every failure comes out as a {@link MigrationException} of the PREPARE or FINISH
 * phase naming what failed; a wait that times out or is interrupted has cancelled the migration
 * (through the caller's cancel) before it throws, and an interrupt stays set on the thread.
 */
final class DestinationEndpoint {
    private DestinationEndpoint() {
    }

    /** A server socket on {@code bind}, port chosen by the system, backlog one. */
    static ServerSocketChannel listen(InetAddress bind) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(bind, 0), 1);
            return server;
        } catch (IOException e) {
            throw new MigrationException(Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "PREPARE",
                    "listening on " + bind + " failed: " + e, e);
        }
    }

    /** Where the source connects ({@code server}'s address) and the token it must present. */
    static Incoming incoming(ServerSocketChannel server, MigrationToken token) {
        InetSocketAddress local;
        try {
            local = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new MigrationException(Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "PREPARE",
                    "the listening socket is closed: " + e, e);
        }
        return new Incoming(local, token);
    }

    /**
     * Waits at most {@code timeout} for {@code received}; on a timeout or an interrupt runs
     * {@code cancel} first. {@code what} names what did not arrive in the timeout's message
     * ("the stream did not complete").
     */
    static Path await(CompletableFuture<Path> received, Duration timeout, Runnable cancel, String what) {
        try {
            return received.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MigrationException m ? m : new MigrationException(Code.INTERNAL_ERROR,
                    MigrationPhase.FINISH, "FINISH", "receiving failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            cancel.run();
            throw new MigrationException(Code.OPERATION_TIMEOUT, MigrationPhase.FINISH, "FINISH",
                    what + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.run();
            throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH", "interrupted", e);
        }
    }
}
