package org.bhyvirt.migration.nativ;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.NativeMigrationSupport;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * A native migration of one domain between two hosts' DomainDrivers: the source driver's
 * definition (libvirt's begin), the destination driver starts the domain's bhyve in receive mode
 * ({@code -R host,port}, PAUSED(MIGRATION), supervised as any guest), the source driver marks its
 * run and hands out {@code bhyvectl --migrate-live} (or {@code --migrate}), {@link NativeMigration}
 * supervises both exits; on success the destination domain is RUNNING(MIGRATED) and the source's
 * SHUTOFF(MIGRATED) (its bhyve's exit 0 is no reboot).
 *
 * <p>Guarantee: on any failure (the destination refusing or dying, the source's bhyvectl refused,
 * the timeout) the destination's bhyve is killed (SHUTOFF(FAILED), a transient domain forgotten),
 * the source's mark is lifted and its guest keeps running there; the exception names phase and
 * state. The listening port is chosen free just before the destination binds it.
 */
public final class DomainNativeMigration {
    private final DomainDriver source;
    private final DomainDriver destination;
    private final String name;
    private final InetAddress listen;
    private final boolean live;
    private final NativeMigrationOptions options;
    private volatile boolean cancelled;
    private volatile NativeMigration running;

    /**
     * The migration of domain {@code name} from {@code source} to {@code destination}, whose bhyve
     * listens on {@code listen} (IPv4, as the patch requires); {@code live} asks for the patch's live
     * migration (the guest needs wired memory, {@code <memoryBacking><locked/>}), else warm.
     */
    public DomainNativeMigration(DomainDriver source, DomainDriver destination, String name, InetAddress listen,
            boolean live, NativeMigrationOptions options) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.name = Objects.requireNonNull(name, "name");
        this.listen = Objects.requireNonNull(listen, "listen");
        this.live = live;
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Cancels from any thread until bhyvectl asks the patch to migrate ({@link NativeMigration#cancel()});
     * the guest keeps running on the source. Later it has no effect.
     */
    public void cancel() {
        cancelled = true;
        NativeMigration m = running;
        if (m != null) {
            m.cancel();
        }
    }

    /** Runs it; returns the report once the guest runs on the destination, or throws with it on the source. */
    public NativeMigrationReport run() {
        String xml;
        try {
            xml = source.migration().begin(name);
        } catch (BhyveDriverException e) {
            throw new MigrationException(MigrationException.Code.OPERATION_INVALID, MigrationPhase.BEGIN, "BEGIN",
                    e.getMessage(), e);
        }
        int port = freePort();
        String host = listen.getHostAddress();
        NativeMigrationSupport.Outgoing out;
        NativeMigrationSupport dst = destination.nativeMigration();
        try {
            out = source.nativeMigration().beginOutgoing(name, host, port, live);
        } catch (BhyveDriverException e) {
            throw new MigrationException(MigrationException.Code.OPERATION_INVALID, MigrationPhase.BEGIN, "BEGIN",
                    e.getMessage(), e);
        }
        boolean done = false;
        try {
            NativeSource src = new NativeSource(out.bhyvectlArgv(), out.environment(), out.bhyveExit(), out.vmPresent());
            NativeMigration m = new NativeMigration(() -> receive(dst, xml, host, port), src, options);
            running = m;
            if (cancelled) {
                m.cancel();
            }
            NativeMigrationReport report = m.supervise();
            try {
                dst.finishIncoming(name);
            } catch (BhyveDriverException e) {
                throw new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.FINISH, "FINISH",
                        e.getMessage(), e);
            }
            source.nativeMigration().confirmOutgoing(name, options.timeout());
            done = true;
            return report;
        } finally {
            if (!done) {
                dst.abortIncoming(name);
                source.nativeMigration().cancelOutgoing(name);
            }
        }
    }

    private ReceivingBhyve receive(NativeMigrationSupport dst, String xml, String host, int port) {
        NativeMigrationSupport.Receiver r;
        try {
            r = dst.prepareIncoming(xml, host, port);
        } catch (BhyveDriverException e) {
            throw new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.PREPARE,
                    "STARTING_DESTINATION", e.getMessage(), e);
        }
        CompletableFuture<Integer> exit = r.exit().toCompletableFuture();
        return new ReceivingBhyve() {
            @Override
            public Path log() {
                return r.log();
            }

            @Override
            public long logOffset() {
                return r.logOffset();
            }

            @Override
            public CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void kill() {
                dst.abortIncoming(name);
            }
        };
    }

    private int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(listen, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new MigrationException(MigrationException.Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "PREPARE",
                    "no free port on " + listen + ": " + e.getMessage(), e);
        }
    }
}
