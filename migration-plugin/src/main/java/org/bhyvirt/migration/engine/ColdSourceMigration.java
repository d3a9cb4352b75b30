package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * The source side of a cold migration, in libvirt v3's phases: {@link #begin} checks the offer,
 * {@link #perform} connects and runs the handshake while the guest still runs, then stops the
 * guest into checkpoint files through the {@link Checkpointer} and streams them (memory in runs of
 * pages, each run of all-zero pages as a flag without data, then state and metadata) and returns at COMPLETE_ACK;
 * {@link #confirm} ends the guest here when the destination runs it, or restores it here.
 *
 * <p>Guarantee: the guest runs on at most one host, and is never left running nowhere by this
 * class: any failure inside {@code perform} after the checkpoint (a cancel, a broken connection, a
 * refusal) sends ABORT when the stream still allows it, restores the guest here from its files
 * and throws one MigrationException naming phase and state (if even that restore fails, the error
 * says so and names the files, which are kept). A failure before the checkpoint leaves the guest
 * untouched. After a release the checkpoint files are deleted; a restore takes them over.
 *
 * <p>Options: the bandwidth limit paces the stream (its wire bytes, zero runs cost only their
 * frame headers); the timeout, counted from begin, aborts the transfer with OPERATION_TIMEOUT and
 * restores the guest here, as a cancel does; the checkpoint itself is not interrupted. A cold
 * migration uses one connection (MigrationOptions refuses more channels for it).
 *
 * <p>Progress durations: setup = handshake, state transfer = the checkpoint (the guest's memory and
 * state written to files), final transfer = the files on the wire until COMPLETE_ACK, resume = the
 * destination's start (ACK to confirm); the downtime is their sum from the checkpoint on.
 */
public final class ColdSourceMigration {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The most bytes passed to the bandwidth limit at once, so a cancel or timeout is seen soon. */
    private static final long PACING_SLICE = 256 * 1024;

    private final MigrationOffer offer;
    private final Checkpointer checkpointer;
    private final Path file;
    private final long start = System.nanoTime();
    private final TokenBucket bandwidth;
    private long paced;
    private volatile boolean cancelled;
    private volatile SocketChannel channel;
    private boolean checkpointed;
    private long setupNanos;
    private long stoppedAt;
    private long transferNanos;
    private long checkpointNanos;
    private long ackNanos = -1;
    private long wireBytes;
    private long dataPages;
    private long zeroPages;

    private ColdSourceMigration(MigrationOffer offer, Checkpointer checkpointer, Path file) {
        this.offer = offer;
        this.checkpointer = checkpointer;
        this.file = file;
        this.bandwidth = new TokenBucket(offer.options().bandwidthLimit());
    }

    /**
     * Begin: checks the offer is a cold one and returns the migration; its checkpoint will be
     * written as {@code checkpointDir/NAME.cold} (+ .kern, .meta). The guest is untouched.
     */
    public static ColdSourceMigration begin(MigrationOffer offer, Checkpointer checkpointer, Path checkpointDir) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(checkpointer, "checkpointer");
        if (offer.kind() != MigrationKind.COLD) {
            throw new MigrationException(Code.OPERATION_UNSUPPORTED, MigrationPhase.BEGIN, "BEGIN",
                    offer.kind() + " migration is not a cold one (SourceMigration moves live and warm guests)");
        }
        if (!Files.isDirectory(checkpointDir)) {
            throw new MigrationException(Code.INVALID_ARG, MigrationPhase.BEGIN, "BEGIN",
                    "checkpoint directory " + checkpointDir + " does not exist");
        }
        return new ColdSourceMigration(offer, checkpointer, checkpointDir.toAbsolutePath().resolve(offer.name() + ".cold"));
    }

    /** What the destination's prepare needs. */
    public MigrationOffer offer() {
        return offer;
    }

    /** The checkpoint file (bhyve's FILE; FILE.kern and FILE.meta beside it). */
    public Path checkpointFile() {
        return file;
    }

    /**
     * Perform: handshake, checkpoint (the guest stops here), transfer; returns the progress at
     * COMPLETE_ACK, the guest then living only in the files here and there. {@code listener} gets
     * the progress after the checkpoint and at the end. On failure the guest runs here again.
     */
    public MigrationProgress perform(Incoming incoming, Consumer<MigrationProgress> listener) {
        Objects.requireNonNull(incoming, "incoming");
        Objects.requireNonNull(listener, "listener");
        Conversation conv = Conversation.sourceCheckpoint();
        try {
            SocketChannel ch = SocketChannel.open();
            channel = ch;
            checkCancelled(conv);
            ch.socket().connect(incoming.address(), (int) CONNECT_TIMEOUT.toMillis());
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            FrameWriter writer = new FrameWriter(ch, conv);
            FrameReader reader = new FrameReader(ch, conv);
            SourceHandshake.run(incoming, writer, reader, offer, offer.layout());
            setupNanos = System.nanoTime() - start;
            checkCancelled(conv);
            stoppedAt = System.nanoTime();
            checkpointed = true;
            try {
                checkpointer.checkpoint(offer.name(), file);
            } catch (RuntimeException e) {
                // the host either kept the guest running (refused) or lost it with its bhyve: nothing to restore
                checkpointed = false;
                throw new MigrationException(Code.OPERATION_FAILED, MigrationPhase.PERFORM, conv.stateName(),
                        "checkpointing " + offer.name() + " to " + file + " failed: " + e.getMessage(), e);
            }
            checkpointNanos = System.nanoTime() - stoppedAt;
            listener.accept(snapshot(-1));
            long kern = Files.size(Path.of(file + ".kern"));
            long meta = Files.size(Path.of(file + ".meta"));
            writer.write(new Frame.CheckpointBegin(Files.size(file), kern, meta));
            send(writer, Frame.CheckpointPart.MEMORY, file);
            send(writer, Frame.CheckpointPart.KERN, Path.of(file + ".kern"));
            send(writer, Frame.CheckpointPart.META, Path.of(file + ".meta"));
            writer.write(new Frame.Complete(conv.rounds(), conv.dataPages(), conv.zeroPages(), conv.stateBytes()));
            SourceHandshake.expect(reader, Frame.CompleteAck.class);
            ackNanos = System.nanoTime();
            transferNanos = ackNanos - stoppedAt - checkpointNanos;
            wireBytes = writer.bytesWritten();
            MigrationProgress p = snapshot(-1);
            listener.accept(p);
            closeChannel();
            return p;
        } catch (IOException e) {
            throw fail(conv, new MigrationException(Code.OPERATION_FAILED, MigrationPhase.PERFORM,
                    conv.stateName(), "the cold migration's stream or files failed: " + e, e));
        } catch (MigrationException e) {
            throw fail(conv, cancelled ? new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                    e.state(), "the migration was cancelled (" + e.reason() + ")", e) : e);
        } catch (RuntimeException e) {
            throw fail(conv, new MigrationException(Code.INTERNAL_ERROR, MigrationPhase.PERFORM, conv.stateName(),
                    "unexpected failure: " + e, e));
        }
    }

    /**
     * Confirm: {@code success} means the destination's finish runs the guest; it ends here
     * ({@link Checkpointer#release}) and the files are deleted. Otherwise it runs here again from
     * the files (the host takes them over). Returns the final progress; on success
     * its downtime runs from the checkpoint to this call.
     */
    public MigrationProgress confirm(boolean success) {
        if (ackNanos < 0) {
            throw new MigrationException(Code.OPERATION_INVALID, MigrationPhase.CONFIRM, "CONFIRM",
                    "perform did not complete; nothing to confirm");
        }
        if (!success) {
            restoreHere(null);
            return snapshot(-1);
        }
        long resumeNanos = System.nanoTime() - ackNanos;
        checkpointer.release(offer.name());
        checkpointed = false;
        deleteFiles();
        long downtime = Duration.ofNanos(checkpointNanos + transferNanos + resumeNanos).toMillis();
        return new MigrationProgress(elapsedMillis(), offer.memoryBytes(), wireBytes, 0, offer.memoryBytes(),
                dataPages * Protocol.PAGE_SIZE, 0, 0, 1, bandwidth(), zeroPages, dataPages, Protocol.PAGE_SIZE, 0, 0,
                downtime, Duration.ofNanos(setupNanos).toMillis(), durations(resumeNanos));
    }

    /** Cancels from any thread: perform stops before its next chunk, sends ABORT and restores the guest here. */
    public void cancel() {
        cancelled = true;
    }

    /** Streams {@code part} in chunks of at most 4 MiB; memory chunks go as runs of pages. */
    private void send(FrameWriter writer, Frame.CheckpointPart part, Path path) throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = in.size();
            long offset = 0;
            while (offset < size) {
                checkGoOn("CHECKPOINT", part + " byte " + offset);
                int n = (int) Math.min(Protocol.MAX_CHECKPOINT_CHUNK_BYTES, size - offset);
                byte[] chunk = new byte[n];
                ByteBuffer b = ByteBuffer.wrap(chunk);
                while (b.hasRemaining()) {
                    if (in.read(b, offset + b.position()) < 0) {
                        throw new IOException(path + " ended at " + (offset + b.position()) + " of " + size + " bytes");
                    }
                }
                if (part == Frame.CheckpointPart.MEMORY) {
                    sendPages(writer, chunk, offset);
                } else {
                    writer.write(new Frame.CheckpointData(part, offset, n, chunk));
                }
                pace(writer, part + " byte " + offset);
                offset += n;
            }
        }
    }

    /**
     * Sends a memory chunk as runs of pages: each run of all-zero pages as a ZERO chunk without
     * data, each run of other pages as one chunk with its bytes.
     */
    private void sendPages(FrameWriter writer, byte[] chunk, long offset) {
        int pages = chunk.length / Protocol.PAGE_SIZE;
        ByteBuffer b = ByteBuffer.wrap(chunk);
        int runStart = 0;
        boolean runZero = zeroPage(b, 0);
        for (int p = 1; p <= pages; p++) {
            boolean zero = p < pages && zeroPage(b, p);
            if (p == pages || zero != runZero) {
                int from = runStart * Protocol.PAGE_SIZE;
                int length = (p - runStart) * Protocol.PAGE_SIZE;
                writer.write(new Frame.CheckpointData(Frame.CheckpointPart.MEMORY, offset + from, length,
                        runZero ? null : from == 0 && length == chunk.length ? chunk
                                : Arrays.copyOfRange(chunk, from, from + length)));
                if (runZero) {
                    zeroPages += p - runStart;
                } else {
                    dataPages += p - runStart;
                }
                runStart = p;
                runZero = zero;
            }
        }
    }

    private static boolean zeroPage(ByteBuffer b, int page) {
        int end = (page + 1) * Protocol.PAGE_SIZE;
        for (int i = page * Protocol.PAGE_SIZE; i < end; i += Long.BYTES) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void checkCancelled(Conversation conv) {
        checkGoOn(conv.stateName(), "before the guest stopped");
    }

    /**
     * Throws OPERATION_ABORTED once cancelled and OPERATION_TIMEOUT once the options' timeout has
     * passed since begin ({@code where} says how far the migration got); perform then restores
     * the guest here.
     */
    private void checkGoOn(String state, String where) {
        if (cancelled) {
            throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, state,
                    "the migration was cancelled " + (where.startsWith("before") ? where : "at " + where));
        }
        Duration timeout = offer.options().timeout();
        if (!timeout.isZero() && System.nanoTime() - start >= timeout.toNanos()) {
            throw new MigrationException(Code.OPERATION_TIMEOUT, MigrationPhase.PERFORM, state,
                    "the cold migration of " + offer.name() + " ran past its timeout of " + timeout.toSeconds()
                            + " s (" + where + "); the guest runs on the source again");
        }
    }

    /** Holds the stream to the bandwidth limit: waits until the bytes written so far are allowed. */
    private void pace(FrameWriter writer, String where) {
        long written = writer.bytesWritten();
        try {
            while (paced < written) {
                long slice = Math.min(PACING_SLICE, written - paced);
                bandwidth.acquire(slice);
                paced += slice;
                checkGoOn("CHECKPOINT", where);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "CHECKPOINT",
                    "interrupted at " + where);
        }
    }

    private MigrationException fail(Conversation conv, MigrationException cause) {
        SourceHandshake.abortQuietly(channel, conv, cause);
        closeChannel();
        restoreHere(cause);
        return cause;
    }

    private void restoreHere(MigrationException cause) {
        if (!checkpointed) {
            return;
        }
        try {
            checkpointer.restore(offer.name(), file);
            checkpointed = false;
        } catch (RuntimeException e) {
            MigrationException failed = new MigrationException(Code.OPERATION_FAILED, MigrationPhase.CONFIRM, "CONFIRM",
                    "the guest could not run again on the source; its state is kept in " + file + ": " + e.getMessage(), e);
            if (cause == null) {
                throw failed;
            }
            cause.addSuppressed(failed);
        }
    }

    private void deleteFiles() {
        for (String s : new String[] {"", ".kern", ".meta"}) {
            try {
                Files.deleteIfExists(Path.of(file + s));
            } catch (IOException e) {
                // a leftover checkpoint of a guest that runs elsewhere is garbage, not a failure
            }
        }
    }

    private void closeChannel() {
        SocketChannel ch = channel;
        if (ch != null) {
            SourceHandshake.closeQuietly(ch);
        }
    }

    private long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private long bandwidth() {
        return transferNanos <= 0 ? 0 : (long) (wireBytes * 1e9 / transferNanos);
    }

    private MigrationProgress.Durations durations(long resumeNanos) {
        return new MigrationProgress.Durations(Duration.ofNanos(setupNanos), Duration.ZERO,
                Duration.ofNanos(transferNanos), Duration.ofNanos(checkpointNanos), Duration.ofNanos(resumeNanos));
    }

    private MigrationProgress snapshot(long downtime) {
        long remaining = ackNanos < 0 ? offer.memoryBytes() - Math.min(offer.memoryBytes(),
                (dataPages + zeroPages) * Protocol.PAGE_SIZE) : 0;
        return new MigrationProgress(elapsedMillis(), offer.memoryBytes(), wireBytes, remaining, offer.memoryBytes(),
                dataPages * Protocol.PAGE_SIZE, remaining, 0, ackNanos < 0 ? 0 : 1, bandwidth(), zeroPages, dataPages,
                Protocol.PAGE_SIZE, 0, 0, downtime, Duration.ofNanos(setupNanos).toMillis(), durations(0));
    }
}
