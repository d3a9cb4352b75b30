package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.policy.BandwidthWindow;
import org.bhyvirt.migration.policy.ConvergencePolicy;
import org.bhyvirt.migration.policy.ConvergenceTracker;
import org.bhyvirt.migration.policy.Decision;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * The source side of a managed migration, in libvirt v3's phases: {@link #begin} describes the VM
 * for the destination, {@link #perform} streams it (live pre-copy or warm) and returns with the
 * guest paused and the destination holding everything, {@link #confirm} ends the source VM when
 * the destination started the guest, or resumes it when it did not.
 *
 * <p>Guarantee: the guest runs on at most one host. It is paused here before the final round and
 * stays paused until {@code confirm}; any failure inside {@code perform} (a cancel, a broken
 * connection, a refusal, the policy's abort) sends ABORT when the stream still allows it, lifts
 * the throttle, resumes the guest here and throws one MigrationException naming phase and state.
 * Live rounds clear the dirty log before copying, so every write is either in the copy or in the
 * next round's set. Pages may travel on several TCP channels (the options' parallel channels);
 * cold migration is refused in begin ({@link ColdSourceMigration} does it).
 */
public final class SourceMigration {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Vmm vmm;
    private final MigrationOffer offer;
    private final ConvergencePolicy policy;
    private final ProgressRecorder progress;
    private volatile boolean cancelled;
    private volatile boolean awaitingAck;
    private volatile SocketChannel channel;
    private volatile SourceChannels channels;
    private boolean pausedHere;
    private int throttle;
    private long ackNanos = -1;
    private Runnable onPaused = () -> { };
    private volatile long pausedAt = -1;
    private CompletableFuture<Void> pauseRecorded = CompletableFuture.completedFuture(null);

    private SourceMigration(Vmm vmm, MigrationOffer offer) {
        this.vmm = vmm;
        this.offer = offer;
        this.policy = ConvergencePolicy.of(offer.options());
        this.progress = new ProgressRecorder(offer.memoryBytes());
    }

    /**
     * Begin: checks the VM can migrate with these options and returns the migration whose
     * {@link #offer()} the destination's prepare needs. The VM is untouched.
     */
    public static SourceMigration begin(Vmm vmm, MigrationOffer offer) {
        Objects.requireNonNull(vmm, "vmm");
        Objects.requireNonNull(offer, "offer");
        if (vmm.incoming()) {
            throw new MigrationException(Code.OPERATION_INVALID, MigrationPhase.BEGIN, "BEGIN",
                    "VM " + vmm.name() + " runs no guest (it is an incoming VM)");
        }
        if (vmm.layout().memoryBytes() != offer.memoryBytes()) {
            throw new MigrationException(Code.INVALID_ARG, MigrationPhase.BEGIN, "BEGIN", "VM " + vmm.name()
                    + " has " + vmm.layout().memoryBytes() + " bytes, the offer says " + offer.memoryBytes());
        }
        if (offer.kind() != MigrationKind.LIVE && offer.kind() != MigrationKind.WARM) {
            throw new MigrationException(Code.OPERATION_UNSUPPORTED, MigrationPhase.BEGIN, "BEGIN",
                    offer.kind() + " migration is not done by SourceMigration (live and warm are; cold is"
                            + " ColdSourceMigration's)");
        }
        return new SourceMigration(vmm, offer);
    }

    /**
     * {@link System#nanoTime()} when the switch-over began pausing the guest (the downtime's start);
     * -1 before.
     */
    public long pausedAtNanos() {
        return pausedAt;
    }

    /** What the destination's prepare needs. */
    public MigrationOffer offer() {
        return offer;
    }

    /**
     * Perform: connects to {@code incoming}, runs the handshake, the rounds and the switch-over,
     * and returns the progress at COMPLETE_ACK with the guest paused here. {@code listener} gets a
     * progress report after every round. On failure the guest runs here again and the exception
     * says why.
     */
    public MigrationProgress perform(Incoming incoming, Consumer<MigrationProgress> listener) {
        return perform(incoming, listener, () -> { });
    }

    /**
     * {@link #perform(Incoming, Consumer)}, running {@code onPaused} once the guest is paused for
     * the switch-over (the domain driver records PAUSED(MIGRATION) there), on its own thread beside
     * the final round so that it adds nothing to the downtime; perform returns only after it ended,
     * and a failure of {@code onPaused} fails the migration like any other.
     */
    public MigrationProgress perform(Incoming incoming, Consumer<MigrationProgress> listener, Runnable onPaused) {
        Objects.requireNonNull(onPaused, "onPaused");
        this.onPaused = onPaused;
        Objects.requireNonNull(incoming, "incoming");
        Objects.requireNonNull(listener, "listener");
        Conversation conv = Conversation.sourceControl();
        try {
            SocketChannel ch = SocketChannel.open();
            channel = ch;
            if (cancelled) {
                throw cancelledIn(conv);
            }
            ch.socket().connect(incoming.address(), (int) CONNECT_TIMEOUT.toMillis());
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            FrameWriter writer = new FrameWriter(ch, conv);
            FrameReader reader = new FrameReader(ch, conv);
            Frame.Compatibility layout = SourceHandshake.run(incoming, writer, reader, offer, vmm.layout());
            SourceChannels sender = new SourceChannels(vmm.memory(), writer,
                    new TokenBucket(offer.options().bandwidthLimit()), () -> cancelled,
                    offer.options().parallelChannels(), incoming.address(), incoming.token(), conv.version(), layout);
            channels = sender;
            progress.setupDone();
            DirtyPages last = offer.kind() == MigrationKind.LIVE ? preCopy(writer, sender, listener) : null;
            switchOver(writer, reader, sender, last, listener);
            return progress.snapshot(-1);
        } catch (IOException e) {
            throw fail(conv, new MigrationException(Code.OPERATION_FAILED, MigrationPhase.PERFORM,
                    conv.stateName(), "connecting to " + incoming.address() + " failed: " + e, e));
        } catch (MigrationException e) {
            throw fail(conv, cancelled ? new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                    e.state(), "the migration was cancelled (" + e.reason() + ")", e) : e);
        } catch (RuntimeException e) {
            throw fail(conv, new MigrationException(Code.INTERNAL_ERROR, MigrationPhase.PERFORM, conv.stateName(),
                    "unexpected failure: " + e, e));
        }
    }

    /** Rounds while the guest runs; returns the dirty set the policy stopped at (not yet sent). */
    private DirtyPages preCopy(FrameWriter writer, SourceChannels sender, Consumer<MigrationProgress> listener) {
        ConvergenceTracker tracker = new ConvergenceTracker(offer.memoryBytes(),
                new BandwidthWindow(Duration.ofSeconds(2).toNanos(), 64));
        vmm.collectAndClearDirty();
        int round = 0;
        DirtyPages dirty = null;
        while (true) {
            if (cancelled) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "READY",
                        "the migration was cancelled before round " + round);
            }
            long start = System.nanoTime();
            writer.write(new Frame.RoundStart(round));
            long data0 = sender.dataPages();
            long zero0 = sender.zeroPages();
            long bytes0 = sender.wireBytes();
            sender.send(round, round == 0 ? null : dirty);
            DirtyPages next = vmm.collectAndClearDirty();
            long end = System.nanoTime();
            long remaining = next.count() * Protocol.PAGE_SIZE;
            writer.write(new Frame.RoundEnd(round, sender.dataPages() - data0, sender.zeroPages() - zero0,
                    sender.wireBytes() - bytes0, next.count(), end - start));
            tracker.roundEnded(end, sender.wireBytes(), remaining, remaining, end - start);
            var snapshot = tracker.snapshot(progress.elapsed());
            progress.roundDone(round, sender.wireBytes(), sender, next.count(), snapshot,
                    policy.expectedDowntime(snapshot), throttle);
            listener.accept(progress.snapshot(-1));
            Decision d = policy.decide(snapshot);
            if (d instanceof Decision.SwitchOver) {
                return next;
            } else if (d instanceof Decision.Abort a) {
                throw new MigrationException(a.code(), MigrationPhase.PERFORM, "READY", a.reason());
            } else if (d instanceof Decision.Throttle t) {
                vmm.throttle(t.percent());
                throttle = t.percent();
                tracker.throttled(t.percent());
            }
            dirty = next;
            round++;
        }
    }

    private void switchOver(FrameWriter writer, FrameReader reader, SourceChannels sender, DirtyPages last,
            Consumer<MigrationProgress> listener) {
        int round = progress.rounds();
        long paused = System.nanoTime();
        pausedAt = paused;
        vmm.pause();
        pausedHere = true;
        // beside the final round, off the downtime: the driver's record of the pause (status file,
        // event) and the vCPU and device state, fixed from the pause on
        CompletableFuture<Void> recorded = CompletableFuture.runAsync(onPaused, r -> thread(r, "paused"));
        pauseRecorded = recorded;
        CompletableFuture<VmState> saved = CompletableFuture.supplyAsync(vmm::saveState, r -> thread(r, "state"));
        writer.write(new Frame.FinalRoundStart(round));
        long data0 = sender.dataPages();
        long zero0 = sender.zeroPages();
        long bytes0 = sender.wireBytes();
        if (last == null) {
            vmm.collectAndClearDirty();
            sender.send(round, null);
        } else {
            sender.send(round, last.union(vmm.collectAndClearDirty()));
        }
        sender.end();
        long finalEnd = System.nanoTime();
        writer.write(new Frame.RoundEnd(round, sender.dataPages() - data0, sender.zeroPages() - zero0,
                sender.wireBytes() - bytes0, 0, finalEnd - paused));
        VmState state = joined(saved, "saving the vCPU and device state");
        long stateBytes = 0;
        for (Frame.DeviceState f : StateCodec.frames(state)) {
            writer.write(f);
            stateBytes += f.data().length;
        }
        writer.write(new Frame.Complete(round + 1, sender.dataPages(), sender.zeroPages(), stateBytes));
        awaitingAck = true;
        try {
            if (cancelled) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "AWAIT_ACK",
                        "the migration was cancelled while waiting for COMPLETE_ACK");
            }
            SourceHandshake.expect(reader, Frame.CompleteAck.class);
        } finally {
            awaitingAck = false;
        }
        ackNanos = System.nanoTime();
        joined(recorded, "recording the switch-over pause");
        progress.finalDone(round, sender.wireBytes(), sender, finalEnd - paused, ackNanos - finalEnd);
        listener.accept(progress.snapshot(-1));
        closeChannel();
    }

    private void thread(Runnable r, String what) {
        Thread t = new Thread(r, "migration-" + what + "-" + vmm.name());
        t.setDaemon(true);
        t.start();
    }

    /** The result of a switch-over helper; its failure fails the migration (a driver error keeps its number). */
    private static <T> T joined(CompletableFuture<T> f, String what) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof MigrationException m) {
                throw m;
            }
            Code code = c instanceof org.bhyvirt.driver.error.BhyveDriverException d
                    ? Code.ofNumber(d.number().code()) : Code.INTERNAL_ERROR;
            throw new MigrationException(code, MigrationPhase.PERFORM, "SWITCH_OVER", what + " failed: "
                    + c.getMessage(), c);
        }
    }

    /**
     * Confirm: {@code success} means the destination's finish started the guest there; the source
     * VM is then ended through {@code destroy}. Otherwise the guest resumes here. Returns the final
     * progress, its downtime measured from the pause to this call (on success).
     */
    public MigrationProgress confirm(boolean success, Runnable destroy) {
        if (ackNanos < 0) {
            throw new MigrationException(Code.OPERATION_INVALID, MigrationPhase.CONFIRM, "CONFIRM",
                    "perform did not complete; nothing to confirm");
        }
        if (!success) {
            resumeHere();
            return progress.snapshot(-1);
        }
        progress.resumeDone(System.nanoTime() - ackNanos);
        destroy.run();
        vmm.close();
        return progress.snapshot(progress.downtimeMillis());
    }

    /**
     * Cancels from any thread: perform stops before its next MEMORY frame or round, sends ABORT and
     * resumes the guest here. While perform waits for COMPLETE_ACK it stops waiting at once (the
     * stream is closed; the destination discards what it received). No effect once the ACK arrived:
     * the caller's confirm decides then.
     */
    public void cancel() {
        cancelled = true;
        if (awaitingAck) {
            closeChannel();
        }
    }

    private MigrationException cancelledIn(Conversation conv) {
        return new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, conv.stateName(),
                "the migration was cancelled");
    }

    private MigrationException fail(Conversation conv, MigrationException cause) {
        SourceHandshake.abortQuietly(channel, conv, cause);
        closeChannel();
        try {
            pauseRecorded.join(); // the caller's cleanup must come after the record of the pause
        } catch (CompletionException e) {
            cause.addSuppressed(e.getCause());
        }
        try {
            resumeHere();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        return cause;
    }

    private void resumeHere() {
        if (throttle != 0) {
            vmm.throttle(0);
            throttle = 0;
        }
        if (pausedHere && vmm.paused()) {
            vmm.resume();
        }
        pausedHere = false;
    }

    private void closeChannel() {
        SourceChannels data = channels;
        if (data != null) {
            data.close();
        }
        SocketChannel ch = channel;
        if (ch != null) {
            SourceHandshake.closeQuietly(ch);
        }
    }
}
