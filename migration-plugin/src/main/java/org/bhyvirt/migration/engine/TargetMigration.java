package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.driver.vmm.VmmProvider;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.MigrationToken;

/**
 * The destination side of a managed migration, in libvirt v3's phases: {@link #prepare} creates
 * an incoming VM of the offered shape, listens on an ephemeral port for exactly one source and
 * hands out a one-time token; a receiver thread then checks the handshake and compatibility,
 * writes pages straight into the incoming VM's memory and, at COMPLETE, stages the resume and
 * acknowledges; {@link #finish(GuestLauncher, Duration)} starts the guest from that memory. With
 * several channels each data channel is read on its own thread and a {@link RoundBarrier} keeps
 * rounds in order.
 *
 * <p>The short switch-over ({@link #prepare(MigrationOffer, VmmProvider, InetAddress, Path, Duration,
 * IncomingGuest)}): the guest's bhyve is started at prepare from an incoming checkpoint and waits; at
 * COMPLETE the state is restored into it before the acknowledgement, and {@link #finish(Duration)}
 * only resumes its vCPUs, so no process start falls inside the downtime. A failure then has the
 * {@link IncomingGuest} abandon that bhyve.
 *
 * <p>Guarantee: the incoming VM is discarded ({@link Vmm#destroyIncoming()}) on every failure
 * before the guest starts here (wrong token, incompatible shape, ABORT from the source, a broken
 * or idle stream, the source dying, {@link #cancel()}, a failed start), and this host never runs
 * the guest before the source paused it and sent everything.
 */
public final class TargetMigration {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(TargetMigration.class.getName());

    private final MigrationOffer offer;
    private final Vmm vmm;
    private final Path stagingDir;
    private final ServerSocketChannel server;
    private final MigrationToken token = MigrationToken.random(RANDOM);
    private final CompletableFuture<Path> received = new CompletableFuture<>();
    private volatile SocketChannel channel;
    private final java.util.List<SocketChannel> dataChannels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<Integer> joined = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final RoundBarrier barrier;
    private volatile boolean cancelled;
    private volatile MigrationException idleFailure;
    /** Open until the receiver writes no more guest memory (it ended, or COMPLETE arrived and the last round is in). */
    private final java.util.concurrent.CountDownLatch memoryQuiet = new java.util.concurrent.CountDownLatch(1);
    private volatile Thread receiverThread;
    private volatile long lastProgress = System.nanoTime();
    private volatile long bytesReceived;
    private boolean discarded;
    private boolean launching;
    private final IncomingGuest guest;
    private volatile long restoreNanos;

    private TargetMigration(MigrationOffer offer, Vmm vmm, Path stagingDir, ServerSocketChannel server,
            IncomingGuest guest) {
        this.guest = guest;
        this.offer = offer;
        this.vmm = vmm;
        this.stagingDir = stagingDir;
        this.server = server;
        this.barrier = new RoundBarrier(offer.options().parallelChannels());
    }

    /**
     * Prepare: creates the incoming VM through {@code provider}, listens on {@code bind} (port
     * chosen by the system) and starts receiving. {@code idleTimeout} bounds how long the stream
     * may stay silent (the source dead without closing) before the VM is discarded.
     */
    public static TargetMigration prepare(MigrationOffer offer, VmmProvider provider, InetAddress bind,
            Path stagingDir, Duration idleTimeout) {
        return prepare(offer, provider, bind, stagingDir, idleTimeout, DestinationMemory.ON_DEMAND, null);
    }

    /**
     * Prepare as {@link #prepare(MigrationOffer, VmmProvider, InetAddress, Path, Duration)}, with the
     * incoming VM's memory provided as {@code memory} says: {@link DestinationMemory#PREALLOCATED}
     * populates all of it before this returns (the time it takes is not part of the stream's).
     */
    public static TargetMigration prepare(MigrationOffer offer, VmmProvider provider, InetAddress bind,
            Path stagingDir, Duration idleTimeout, DestinationMemory memory) {
        return prepare(offer, provider, bind, stagingDir, idleTimeout, memory, null);
    }

    /**
     * Prepare with the guest started at once and waiting (the short switch-over): creates the
     * incoming VM (its memory as {@code memory} says), stages an incoming checkpoint, has
     * {@code guest} start its bhyve from it and waits (at most {@code idleTimeout}) until that bhyve
     * waits for its state, then listens as {@link #prepare(MigrationOffer, VmmProvider, InetAddress,
     * Path, Duration)} does. At COMPLETE the state goes straight into the waiting guest;
     * {@link #finish(Duration)} only resumes it. On any failure {@code guest} abandons the bhyve and
     * the VM is gone. A null {@code guest} is the plain prepare (the guest starts at finish).
     */
    public static TargetMigration prepare(MigrationOffer offer, VmmProvider provider, InetAddress bind,
            Path stagingDir, Duration idleTimeout, DestinationMemory memory, IncomingGuest guest) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(memory, "memory");
        Vmm vmm;
        try {
            vmm = provider.createIncoming(offer.name(), offer.layout());
        } catch (RuntimeException e) {
            throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.PREPARE, "PREPARE",
                    "creating incoming VM " + offer.name() + " failed: " + e.getMessage(), e);
        }
        if (memory == DestinationMemory.PREALLOCATED) {
            try {
                vmm.memory().populate();
            } catch (RuntimeException e) {
                vmm.destroyIncoming();
                vmm.close();
                throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.PREPARE, "PREPARE",
                        "pre-allocating the memory of incoming VM " + offer.name() + " failed: " + e.getMessage(), e);
            }
        }
        if (guest != null) {
            startWaiting(offer, vmm, stagingDir, idleTimeout, guest);
        }
        ServerSocketChannel server;
        try {
            server = DestinationEndpoint.listen(bind);
        } catch (MigrationException e) {
            release(offer, vmm, guest);
            throw e;
        }
        TargetMigration t = new TargetMigration(offer, vmm, stagingDir, server, guest);
        Thread receiver = new Thread(t::receive, "migration-target-" + offer.name());
        receiver.setDaemon(true);
        t.receiverThread = receiver;
        receiver.start();
        IdleWatchdog.start("migration-watchdog-" + offer.name(), t.received, () -> t.lastProgress, idleTimeout,
                "RECEIVING", t::idle);
        return t;
    }

    private static void startWaiting(MigrationOffer offer, Vmm vmm, Path stagingDir, Duration timeout,
            IncomingGuest guest) {
        try {
            Path checkpoint = vmm.stageIncoming(offer.vcpus(), stagingDir.resolve(offer.name() + ".incoming"));
            guest.startWaiting(offer.name(), checkpoint);
            vmm.awaitIncoming(timeout);
        } catch (Exception e) {
            release(offer, vmm, guest);
            throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.PREPARE, "PREPARE",
                    "starting the waiting guest of " + offer.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Ends the waiting guest (if any) and the incoming VM; never throws. */
    private static void release(MigrationOffer offer, Vmm vmm, IncomingGuest guest) {
        try {
            if (guest != null) {
                guest.abandon(offer.name());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "abandoning the waiting guest of " + offer.name() + ": " + e);
        }
        try {
            vmm.destroyIncoming();
        } catch (RuntimeException e) {
            // after the driver's destroy of a waiting guest the VM is already gone
            LOG.log(System.Logger.Level.DEBUG, "destroying incoming VM " + offer.name() + ": " + e.getMessage());
        } finally {
            vmm.close();
        }
    }

    /** Where the source connects and the token it must present. */
    public Incoming incoming() {
        return DestinationEndpoint.incoming(server, token);
    }

    /** The offer this destination was prepared for. */
    public MigrationOffer offer() {
        return offer;
    }

    /**
     * Finish: waits at most {@code timeout} for the stream to complete, then starts the guest with
     * {@code launcher} and returns how long the start took. On any failure the incoming VM is
     * discarded and the exception says why; the source must then resume its guest.
     */
    public Duration finish(GuestLauncher launcher, Duration timeout) {
        if (guest != null) {
            throw new MigrationException(Code.OPERATION_INVALID, MigrationPhase.FINISH, "FINISH",
                    "the guest of " + offer.name() + " was started at prepare; finish(timeout) resumes it");
        }
        Path checkpoint = awaitReceived(timeout);
        long start = System.nanoTime();
        try {
            launcher.start(offer.name(), checkpoint);
        } catch (Exception e) {
            discard();
            throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.FINISH, "FINISH",
                    "starting " + offer.name() + " from " + checkpoint + " failed: " + e.getMessage(), e);
        }
        Duration started = Duration.ofNanos(System.nanoTime() - start);
        vmm.close();
        return started;
    }

    /**
     * Finish of a guest started at prepare: waits at most {@code timeout} for the stream to
     * complete (the state is then already in the waiting guest), resumes the guest's vCPUs and has
     * the {@link IncomingGuest} record it running. Returns the destination's share of the
     * downtime. On any failure the waiting guest is abandoned and the exception says why; the
     * source must then resume its guest.
     */
    public TargetTimes finish(Duration timeout) {
        if (guest == null) {
            throw new MigrationException(Code.OPERATION_INVALID, MigrationPhase.FINISH, "FINISH",
                    "no guest of " + offer.name() + " waits here; finish(launcher, timeout) starts one");
        }
        awaitReceived(timeout);
        long t0 = System.nanoTime();
        long t1;
        try {
            vmm.resume();
            t1 = System.nanoTime();
            guest.resumed(offer.name());
        } catch (RuntimeException e) {
            discard();
            throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.FINISH, "FINISH",
                    "resuming " + offer.name() + " failed: " + e.getMessage(), e);
        }
        vmm.close(); // the guest runs: releasing this JVM's mapping of its memory is after the downtime
        long t2 = System.nanoTime();
        return new TargetTimes(Duration.ofNanos(restoreNanos), Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    /** Waits for COMPLETE, then marks the VM as launching so a late cancel leaves it alone. */
    private Path awaitReceived(Duration timeout) {
        Path checkpoint = DestinationEndpoint.await(received, timeout, this::cancel, "the stream did not complete");
        synchronized (this) {
            if (discarded) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                        "the incoming VM was discarded (cancelled) before its start");
            }
            launching = true;
        }
        return checkpoint;
    }

    /**
     * Cancels from any thread before finish started the guest: the stream is cut and, once the
     * receiver has stopped writing guest memory (at most a few seconds), the VM is discarded before
     * this returns.
     */
    public void cancel() {
        cancelled = true;
        closeQuietly();
        received.completeExceptionally(new MigrationException(Code.OPERATION_ABORTED,
                MigrationPhase.FINISH, "FINISH", "the migration was cancelled on the destination"));
        if (Thread.currentThread() != receiverThread) {
            try {
                memoryQuiet.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (!launching) {
                discard();
            }
        }
    }

    /** Memory bytes received so far (for progress and tests). */
    public long bytesReceived() {
        return bytesReceived;
    }

    private void receive() {
        try {
            receiveStream();
        } finally {
            memoryQuiet.countDown();
        }
    }

    private void receiveStream() {
        Conversation conv = Conversation.destinationControl(token);
        try {
            SocketChannel ch = server.accept();
            channel = ch;
            if (offer.options().parallelChannels() == 1) {
                server.close();
            }
            if (cancelled) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "AWAIT_HELLO",
                        "the migration was cancelled on the destination");
            }
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            FrameReader reader = new FrameReader(ch, new BarrierGate(conv, barrier));
            FrameWriter writer = new FrameWriter(ch, conv);
            DestinationHandshake.abortingOnFailure(conv, writer, () -> run(conv, reader, writer));
        } catch (IOException e) {
            fail(new MigrationException(cancelled ? Code.OPERATION_ABORTED : Code.READ_FAILED, MigrationPhase.PERFORM,
                    conv.stateName(), "accepting the source failed: " + e, e));
        } catch (MigrationException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new MigrationException(Code.INTERNAL_ERROR, MigrationPhase.PERFORM, conv.stateName(),
                    "unexpected failure: " + e, e));
        }
    }

    private void run(Conversation conv, FrameReader reader, FrameWriter writer) {
        Frame.Compatibility c = DestinationHandshake.accept(conv, reader, writer, offer, vmm.layout(), "this VM has",
                "this VM has");
        PageReceiver sink = new PageReceiver(vmm.memory());
        if (offer.options().parallelChannels() > 1) {
            Thread acceptor = new Thread(() -> acceptData(conv.version(), c, sink), "migration-accept-" + offer.name());
            acceptor.setDaemon(true);
            acceptor.start();
        }
        StateCodec.Assembler state = new StateCodec.Assembler();
        while (true) {
            Frame f = reader.next(sink);
            lastProgress = System.nanoTime();
            bytesReceived = reader.bytesRead();
            if (f instanceof Frame.DeviceState d) {
                state.accept(d);
            } else if (f instanceof Frame.Abort a) {
                throw DestinationHandshake.sourceAborted(a);
            } else if (f instanceof Frame.Complete done) {
                barrier.await(done.rounds() - 1);
                memoryQuiet.countDown();
                Path checkpoint;
                try {
                    if (guest != null) {
                        long t0 = System.nanoTime();
                        vmm.restoreState(state.state());
                        restoreNanos = System.nanoTime() - t0;
                        checkpoint = stagingDir.resolve(offer.name() + ".incoming");
                    } else {
                        checkpoint = vmm.stageResume(state.state(), stagingDir.resolve(offer.name() + ".migrated"));
                    }
                } catch (org.bhyvirt.driver.error.BhyveDriverException e) {
                    throw new MigrationException(Code.ofNumber(e.number().code()), MigrationPhase.PERFORM,
                            conv.stateName(), "VM " + offer.name() + " cannot take the received state: "
                            + e.getMessage(), e);
                }
                writer.write(new Frame.CompleteAck());
                closeQuietly();
                received.complete(checkpoint);
                return;
            }
        }
    }

    /** Accepts the N-1 data channels, each read on its own thread into the same memory. */
    private void acceptData(int version, Frame.Compatibility layout, PageReceiver sink) {
        int count = offer.options().parallelChannels();
        try {
            for (int i = 1; i < count; i++) {
                SocketChannel ch = server.accept();
                dataChannels.add(ch);
                Thread t = new Thread(() -> readData(ch, version, layout, sink), "migration-data-" + offer.name());
                t.setDaemon(true);
                t.start();
            }
            server.close();
        } catch (IOException e) {
            MigrationException m = new MigrationException(cancelled ? Code.OPERATION_ABORTED : Code.READ_FAILED,
                    MigrationPhase.PERFORM, "AWAIT_JOIN", "accepting a data channel failed: " + e, e);
            barrier.fail(m);
            fail(m);
        }
    }

    private void readData(SocketChannel ch, int version, Frame.Compatibility layout, PageReceiver sink) {
        int count = offer.options().parallelChannels();
        Conversation conv = Conversation.destinationData(token, version, layout, count);
        FrameWriter writer = new FrameWriter(ch, conv);
        try {
            FrameReader reader = new FrameReader(ch, new BarrierGate(conv, barrier));
            Frame.ChannelJoin join = (Frame.ChannelJoin) reader.next(null);
            if (!joined.add(join.index())) {
                throw new MigrationException(Code.RPC, MigrationPhase.PERFORM, conv.stateName(),
                        "channel " + join.index() + " joined twice");
            }
            writer.write(new Frame.HelloAck(version));
            while (true) {
                Frame f = reader.next(sink);
                lastProgress = System.nanoTime();
                if (f instanceof Frame.ChannelEnd) {
                    return;
                } else if (f instanceof Frame.Abort a) {
                    throw DestinationHandshake.sourceAborted(a);
                }
            }
        } catch (RuntimeException e) {
            MigrationException m = e instanceof MigrationException x ? x : new MigrationException(Code.INTERNAL_ERROR,
                    MigrationPhase.PERFORM, conv.stateName(), "data channel failed: " + e, e);
            barrier.fail(m);
            fail(m);
        }
    }

    /** The source fell silent: the receiver, woken by the closed socket, discards the VM and reports {@code idle}. */
    private void idle(MigrationException idle) {
        idleFailure = idle;
        barrier.fail(idle);
        closeQuietly();
    }

    private void fail(MigrationException failure) {
        MigrationException e = idleFailure != null ? idleFailure : failure;
        barrier.fail(e);
        closeQuietly();
        discard();
        received.completeExceptionally(e);
    }

    private synchronized void discard() {
        if (!discarded) {
            discarded = true;
            if (guest != null) {
                release(offer, vmm, guest);
                return;
            }
            try {
                vmm.destroyIncoming();
            } finally {
                vmm.close();
            }
        }
    }

    private void closeQuietly() {
        try {
            server.close();
            SocketChannel ch = channel;
            if (ch != null) {
                ch.close();
            }
            for (SocketChannel d : dataChannels) {
                d.close();
            }
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to release
        }
    }
}
