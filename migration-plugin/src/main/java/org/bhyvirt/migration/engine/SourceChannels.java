package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.MigrationToken;

/**
 * The source's page channels: the control channel's sender (index 0) and N-1 data channels joined
 * with CHANNEL_JOIN. Pages are split in 4 MiB chunks, chunk c going to channel c mod N; a round is
 * sent on all channels at once (one thread per data channel), each data channel closing its share
 * with CHANNEL_SYNC, and the call returns when every channel has sent its share. All channels share
 * one bandwidth bucket. {@link #close()} closes the data channels.
 */
final class SourceChannels implements AutoCloseable {
    private static final int CHUNK_SHIFT = Long.numberOfTrailingZeros(PageSender.SHARE_CHUNK_PAGES);

    private final List<PageSender> senders = new ArrayList<>();
    private final List<FrameWriter> dataWriters = new ArrayList<>();
    private final List<SocketChannel> dataSockets = new ArrayList<>();
    private final ExecutorService pool;

    SourceChannels(GuestMemory memory, FrameWriter control, TokenBucket bucket, BooleanSupplier cancelled,
            int count, InetSocketAddress address, MigrationToken token, int version, Frame.Compatibility layout)
            throws IOException {
        senders.add(new PageSender(memory, control, bucket, cancelled, share(0, count)));
        pool = count > 1 ? Executors.newFixedThreadPool(count - 1, r -> {
            Thread t = new Thread(r, "migration-channel");
            t.setDaemon(true);
            return t;
        }) : null;
        for (int i = 1; i < count; i++) {
            SocketChannel ch = SocketChannel.open();
            dataSockets.add(ch);
            ch.socket().connect(address, 10_000);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Conversation conv = Conversation.sourceData(version, layout);
            FrameWriter w = new FrameWriter(ch, conv);
            w.write(new Frame.ChannelJoin(version, i, count, token));
            Frame ack = new FrameReader(ch, conv).next(null);
            if (ack instanceof Frame.Abort a) {
                throw new MigrationException(a.code(), MigrationPhase.PERFORM, "AWAIT_JOIN_ACK",
                        "the destination refused channel " + i + ": " + a.reason());
            }
            dataWriters.add(w);
            senders.add(new PageSender(memory, w, bucket, cancelled, share(i, count)));
        }
    }

    private static java.util.function.LongPredicate share(int index, int count) {
        return count == 1 ? p -> true : p -> (p >>> CHUNK_SHIFT) % count == index;
    }

    /** Sends every page ({@code dirty} null) or the dirty pages in {@code round} on all channels. */
    void send(int round, DirtyPages dirty) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 1; i < senders.size(); i++) {
            int k = i;
            running.add(pool.submit(() -> {
                PageSender s = senders.get(k);
                long pages0 = s.dataPages() + s.zeroPages();
                long frames0 = s.frames();
                sendOn(s, round, dirty);
                dataWriters.get(k - 1).write(new Frame.ChannelSync(round, s.frames() - frames0,
                        s.dataPages() + s.zeroPages() - pages0));
                return null;
            }));
        }
        MigrationException failure = null;
        try {
            sendOn(senders.get(0), round, dirty);
        } catch (MigrationException e) {
            failure = e;
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof MigrationException m ? m : new MigrationException(
                            Code.INTERNAL_ERROR, MigrationPhase.PERFORM, "ROUND " + round,
                            "a data channel failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "ROUND " + round,
                        "interrupted", e);
            }
        }
        if (failure != null) {
            close();
            throw failure;
        }
    }

    private static void sendOn(PageSender s, int round, DirtyPages dirty) {
        if (dirty == null) {
            s.sendAll(round);
        } else {
            s.sendDirty(round, dirty);
        }
    }

    /** Ends every data channel (CHANNEL_END): no more pages follow. */
    void end() {
        for (FrameWriter w : dataWriters) {
            w.write(new Frame.ChannelEnd());
        }
    }

    long dataPages() {
        return senders.stream().mapToLong(PageSender::dataPages).sum();
    }

    long zeroPages() {
        return senders.stream().mapToLong(PageSender::zeroPages).sum();
    }

    /** Bytes written on all channels. */
    long wireBytes() {
        return senders.stream().mapToLong(PageSender::wireBytes).sum();
    }

    @Override
    public void close() {
        for (SocketChannel ch : dataSockets) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // a broken channel: nothing left to release
            }
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
