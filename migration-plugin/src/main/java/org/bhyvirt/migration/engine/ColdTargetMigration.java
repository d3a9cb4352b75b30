package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.MigrationToken;

/**
 * The destination side of a cold migration, in libvirt v3's phases: {@link #prepare} listens on an
 * ephemeral port for exactly one source and hands out a one-time token (no VM exists yet); a
 * receiver thread checks the handshake and compatibility, writes the checkpoint files
 * ({@code stagingDir/NAME.cold}, .kern, .meta; all-zero memory chunks left as holes) and
 * acknowledges COMPLETE once all three are whole; {@link #finish} starts the guest from them with
 * the {@link GuestLauncher} (the driver's {@code coldMigration().restoreIncoming}: loader, then
 * {@code bhyve -r}), which takes the files over (bhyve reads them while it restores).
 *
 * <p>Guarantee: nothing runs here before the source stopped its guest and everything arrived; on
 * every failure before the start (wrong token, incompatible shape, ABORT, a broken or idle stream,
 * {@link #cancel()}, a failed start) the received files are deleted and the error names the state.
 */
public final class ColdTargetMigration {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MigrationOffer offer;
    private final Path file;
    private final ServerSocketChannel server;
    private final MigrationToken token = MigrationToken.random(RANDOM);
    private final CompletableFuture<Path> received = new CompletableFuture<>();
    private volatile SocketChannel channel;
    private volatile boolean cancelled;
    private volatile long lastProgress = System.nanoTime();
    private volatile long bytesReceived;
    private boolean launching;

    private ColdTargetMigration(MigrationOffer offer, Path file, ServerSocketChannel server) {
        this.offer = offer;
        this.file = file;
        this.server = server;
    }

    /**
     * Prepare: listens on {@code bind} (port chosen by the system) and starts receiving into
     * {@code stagingDir}. {@code idleTimeout} bounds how long the stream may stay silent (the
     * source dead without closing) before the files are discarded.
     */
    public static ColdTargetMigration prepare(MigrationOffer offer, InetAddress bind, Path stagingDir,
            Duration idleTimeout) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (offer.kind() != MigrationKind.COLD) {
            throw new MigrationException(Code.OPERATION_UNSUPPORTED, MigrationPhase.PREPARE, "PREPARE",
                    offer.kind() + " migration is not a cold one (TargetMigration receives live and warm guests)");
        }
        if (!Files.isDirectory(stagingDir)) {
            throw new MigrationException(Code.INVALID_ARG, MigrationPhase.PREPARE, "PREPARE",
                    "staging directory " + stagingDir + " does not exist");
        }
        ServerSocketChannel server = DestinationEndpoint.listen(bind);
        ColdTargetMigration t = new ColdTargetMigration(offer,
                stagingDir.toAbsolutePath().resolve(offer.name() + ".cold"), server);
        Thread receiver = new Thread(t::receive, "cold-migration-target-" + offer.name());
        receiver.setDaemon(true);
        receiver.start();
        IdleWatchdog.start("cold-migration-watchdog-" + offer.name(), t.received, () -> t.lastProgress, idleTimeout,
                "CHECKPOINT", t::fail);
        return t;
    }

    /** Where the source connects and the token it must present. */
    public Incoming incoming() {
        return DestinationEndpoint.incoming(server, token);
    }

    /** The offer this destination was prepared for. */
    public MigrationOffer offer() {
        return offer;
    }

    /** Bytes received so far (for progress and tests). */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Finish: waits at most {@code timeout} for the checkpoint to arrive whole, then starts the
     * guest from it with {@code launcher} and returns how long the start took. On any failure the
     * files are deleted and the exception says why; the source must then restore its guest.
     */
    public Duration finish(GuestLauncher launcher, Duration timeout) {
        Path checkpoint = DestinationEndpoint.await(received, timeout, this::cancel, "the checkpoint did not arrive");
        synchronized (this) {
            if (cancelled) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                        "the migration was cancelled before the guest started here");
            }
            launching = true;
        }
        long start = System.nanoTime();
        try {
            launcher.start(offer.name(), checkpoint);
        } catch (Exception e) {
            deleteFiles();
            throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.FINISH, "FINISH",
                    "starting " + offer.name() + " from " + checkpoint + " failed: " + e.getMessage(), e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Cancels from any thread before finish started the guest: the stream is cut and the files deleted. */
    public void cancel() {
        synchronized (this) {
            if (launching) {
                return;
            }
            cancelled = true;
            closeQuietly();
            deleteFiles();
            received.completeExceptionally(new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH,
                    "FINISH", "the migration was cancelled on the destination"));
        }
    }

    private void receive() {
        Conversation conv = Conversation.destinationCheckpoint(token);
        try (SocketChannel ch = server.accept()) {
            channel = ch;
            server.close();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            FrameReader reader = new FrameReader(ch, conv);
            FrameWriter writer = new FrameWriter(ch, conv);
            DestinationHandshake.abortingOnFailure(conv, writer, () -> run(conv, reader, writer));
        } catch (IOException e) {
            fail(new MigrationException(cancelled ? Code.OPERATION_ABORTED : Code.READ_FAILED, MigrationPhase.PERFORM,
                    conv.stateName(), "receiving the checkpoint failed: " + e, e));
        } catch (MigrationException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new MigrationException(Code.INTERNAL_ERROR, MigrationPhase.PERFORM, conv.stateName(),
                    "unexpected failure: " + e, e));
        }
    }

    private void run(Conversation conv, FrameReader reader, FrameWriter writer) throws IOException {
        DestinationHandshake.accept(conv, reader, writer, offer, offer.layout(), offer.name() + " has",
                offer.name() + " was prepared with");
        Map<Frame.CheckpointPart, FileChannel> out = new EnumMap<>(Frame.CheckpointPart.class);
        try {
            while (true) {
                Frame f = reader.next(null);
                lastProgress = System.nanoTime();
                bytesReceived = reader.bytesRead();
                if (f instanceof Frame.CheckpointBegin b) {
                    open(out, b);
                } else if (f instanceof Frame.CheckpointData d) {
                    if (!d.zero()) {
                        FileChannel fc = out.get(d.part());
                        ByteBuffer data = ByteBuffer.wrap(d.data());
                        while (data.hasRemaining()) {
                            fc.write(data, d.offset() + data.position());
                        }
                    }
                } else if (f instanceof Frame.Abort a) {
                    throw DestinationHandshake.sourceAborted(a);
                } else if (f instanceof Frame.Complete) {
                    for (FileChannel fc : out.values()) {
                        fc.force(false);
                    }
                    closeAll(out);
                    synchronized (this) {
                        if (received.isDone()) {
                            return; // cancelled or timed out meanwhile: the files are gone
                        }
                        writer.write(new Frame.CompleteAck());
                        received.complete(file);
                    }
                    return;
                }
            }
        } finally {
            closeAll(out);
        }
    }

    private void open(Map<Frame.CheckpointPart, FileChannel> out, Frame.CheckpointBegin b) throws IOException {
        for (Frame.CheckpointPart part : Frame.CheckpointPart.values()) {
            FileChannel fc = FileChannel.open(path(part), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            out.put(part, fc);
            fc.truncate(0);
            if (b.size(part) > 0) {
                // all-zero memory chunks are never written: the file is sized first and they stay holes
                fc.write(ByteBuffer.allocate(1), b.size(part) - 1);
            }
        }
    }

    private static void closeAll(Map<Frame.CheckpointPart, FileChannel> out) {
        for (FileChannel fc : out.values()) {
            try {
                fc.close();
            } catch (IOException ignored) {
                // a file of a failed migration is deleted next
            }
        }
    }

    private Path path(Frame.CheckpointPart part) {
        return switch (part) {
            case MEMORY -> file;
            case KERN -> Path.of(file + ".kern");
            case META -> Path.of(file + ".meta");
        };
    }

    /** Ends a failed receive: the files are gone before finish can see the failure. */
    private void fail(MigrationException e) {
        closeQuietly();
        synchronized (this) {
            if (!received.isDone()) {
                deleteFiles();
                received.completeExceptionally(e);
            }
        }
    }

    private void deleteFiles() {
        for (Frame.CheckpointPart p : Frame.CheckpointPart.values()) {
            try {
                Files.deleteIfExists(path(p));
            } catch (IOException ignored) {
                // a leftover of a failed migration holds no running guest
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
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to release
        }
    }
}
