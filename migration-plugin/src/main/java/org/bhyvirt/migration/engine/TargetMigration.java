package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;
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
 * acknowledges; {@link #finish} starts the guest from that memory. With several channels each
 * data channel is read on its own thread and a {@link RoundBarrier} keeps rounds in order.
 *
 * <p>Guarantee: the incoming VM is discarded ({@link Vmm#destroyIncoming()}) on every failure
 * before the guest starts here (wrong token, incompatible shape, ABORT from the source, a broken
 * or idle stream, the source dying, {@link #cancel()}, a failed start), and this host never runs
 * the guest before the source paused it and sent everything.
 */
public final class TargetMigration {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MigrationOffer offer;
    private final Vmm vmm;
    private final Path stagingDir;
    private final Duration idleTimeout;
    private final ServerSocketChannel server;
    private final MigrationToken token = MigrationToken.random(RANDOM);
    private final CompletableFuture<Path> received = new CompletableFuture<>();
    private volatile SocketChannel channel;
    private final java.util.List<SocketChannel> dataChannels = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<Integer> joined = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final RoundBarrier barrier;
    private volatile boolean cancelled;
    private volatile long lastProgress = System.nanoTime();
    private volatile long bytesReceived;
    private boolean discarded;
    private boolean launching;

    private TargetMigration(MigrationOffer offer, Vmm vmm, Path stagingDir, Duration idleTimeout,
            ServerSocketChannel server) {
        this.offer = offer;
        this.vmm = vmm;
        this.stagingDir = stagingDir;
        this.idleTimeout = idleTimeout;
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
        return prepare(offer, provider, bind, stagingDir, idleTimeout, DestinationMemory.ON_DEMAND);
    }

    /**
     * Prepare as {@link #prepare(MigrationOffer, VmmProvider, InetAddress, Path, Duration)}, with the
     * incoming VM's memory provided as {@code memory} says: {@link DestinationMemory#PREALLOCATED}
     * populates all of it before this returns (the time it takes is not part of the stream's).
     */
    public static TargetMigration prepare(MigrationOffer offer, VmmProvider provider, InetAddress bind,
            Path stagingDir, Duration idleTimeout, DestinationMemory memory) {
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
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(bind, 0), 1);
        } catch (IOException e) {
            vmm.destroyIncoming();
            vmm.close();
            throw new MigrationException(Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "PREPARE",
                    "listening on " + bind + " failed: " + e, e);
        }
        TargetMigration t = new TargetMigration(offer, vmm, stagingDir, idleTimeout, server);
        Thread receiver = new Thread(t::receive, "migration-target-" + offer.name());
        receiver.setDaemon(true);
        receiver.start();
        Thread watchdog = new Thread(t::watch, "migration-watchdog-" + offer.name());
        watchdog.setDaemon(true);
        watchdog.start();
        return t;
    }

    /** Where the source connects and the token it must present. */
    public Incoming incoming() {
        InetSocketAddress local;
        try {
            local = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new MigrationException(Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "PREPARE",
                    "the listening socket is closed: " + e, e);
        }
        return new Incoming(local, token);
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
        Path checkpoint;
        try {
            checkpoint = received.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof MigrationException m ? m : new MigrationException(Code.INTERNAL_ERROR,
                    MigrationPhase.FINISH, "FINISH", "receiving failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            cancel();
            throw new MigrationException(Code.OPERATION_TIMEOUT, MigrationPhase.FINISH, "FINISH",
                    "the stream did not complete within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH", "interrupted", e);
        }
        synchronized (this) {
            if (discarded) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                        "the incoming VM was discarded (cancelled) before its start");
            }
            launching = true;
        }
        long start = System.nanoTime();
        try {
            launcher.start(offer.name(), checkpoint);
        } catch (Exception e) {
            discard();
            throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.FINISH, "FINISH",
                    "starting " + offer.name() + " from " + checkpoint + " failed: " + e.getMessage(), e);
        }
        vmm.close();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Cancels from any thread before finish started the guest: the stream is cut and the VM discarded. */
    public void cancel() {
        cancelled = true;
        closeQuietly();
        boolean stopped = received.completeExceptionally(new MigrationException(Code.OPERATION_ABORTED,
                MigrationPhase.FINISH, "FINISH", "the migration was cancelled on the destination"));
        synchronized (this) {
            if (!stopped && !launching) {
                discard();
            }
        }
    }

    /** Memory bytes received so far (for progress and tests). */
    public long bytesReceived() {
        return bytesReceived;
    }

    private void receive() {
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
            try {
                run(conv, reader, writer);
            } catch (MigrationException e) {
                if (!conv.state().terminal()) {
                    try {
                        writer.write(new Frame.Abort(e.code(), e.reason()));
                    } catch (RuntimeException ignored) {
                        // the source is gone; it resumes its guest when its stream breaks
                    }
                }
                throw e;
            }
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
        reader.next(null);
        writer.write(new Frame.HelloAck(conv.version()));
        Frame.Compatibility c = (Frame.Compatibility) reader.next(null);
        String mismatch = mismatch(c);
        if (mismatch != null) {
            throw new MigrationException(Code.CONFIG_UNSUPPORTED, MigrationPhase.PERFORM, conv.stateName(), mismatch);
        }
        writer.write(new Frame.Compatible());
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
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "ABORTED",
                        "the source aborted: " + a.reason() + " (" + a.code() + ")");
            } else if (f instanceof Frame.Complete done) {
                barrier.await(done.rounds() - 1);
                Path checkpoint = vmm.stageResume(state.state(), stagingDir.resolve(offer.name() + ".migrated"));
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
                    throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "ABORTED",
                            "the source aborted: " + a.reason() + " (" + a.code() + ")");
                }
            }
        } catch (RuntimeException e) {
            MigrationException m = e instanceof MigrationException x ? x : new MigrationException(Code.INTERNAL_ERROR,
                    MigrationPhase.PERFORM, conv.stateName(), "data channel failed: " + e, e);
            barrier.fail(m);
            fail(m);
        }
    }

    private String mismatch(Frame.Compatibility c) {
        MemoryLayout layout = vmm.layout();
        if (c.vcpus() != offer.vcpus()) {
            return "the source sends " + c.vcpus() + " vCPUs, " + offer.name() + " was prepared with " + offer.vcpus();
        }
        if (c.segments().size() != layout.segments().size()) {
            return "the source sends " + c.segments().size() + " memory segments, this VM has "
                    + layout.segments().size();
        }
        for (int i = 0; i < c.segments().size(); i++) {
            Frame.Segment s = c.segments().get(i);
            MemorySegment m = layout.segments().get(i);
            if (s.gpa() != m.gpa() || s.length() != m.bytes()) {
                return "memory segment " + i + " is " + s.length() + " bytes at 0x" + Long.toHexString(s.gpa())
                        + ", this VM has " + m.bytes() + " at 0x" + Long.toHexString(m.gpa());
            }
        }
        if (!c.cpuModel().equals(offer.cpuModel()) || !c.devices().equals(offer.devices())) {
            return "the source's CPU model or devices differ from those prepared: " + c.cpuModel() + " "
                    + c.devices() + " vs " + offer.cpuModel() + " " + offer.devices();
        }
        return null;
    }

    private void watch() {
        while (!received.isDone()) {
            if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                closeQuietly();
                received.completeExceptionally(new MigrationException(Code.OPERATION_TIMEOUT, MigrationPhase.PERFORM,
                        "RECEIVING", "the source sent nothing for " + idleTimeout.toMillis() + " ms"));
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fail(MigrationException e) {
        barrier.fail(e);
        closeQuietly();
        discard();
        received.completeExceptionally(e);
    }

    private synchronized void discard() {
        if (!discarded) {
            discarded = true;
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
