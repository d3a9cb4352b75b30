package org.bhyvirt.migration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.migration.MigrationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real TCP on loopback: the data path, timeouts and closing a blocked reader. */
@Timeout(60)
class LoopbackThroughputTest {

    private ServerSocketChannel server;
    private SocketChannel client;
    private SocketChannel accepted;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(server.getLocalAddress());
        accepted = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        pool.shutdownNow();
        client.close();
        accepted.close();
        server.close();
    }

    @Test
    void aQuarterGibibyteOfPagesCrossesLoopbackIntactWithoutPerPageCopies() throws Exception {
        int pages = 65_536; // 256 MiB
        ByteBuffer guest = ByteBuffer.allocateDirect(pages * Protocol.PAGE_SIZE);
        for (int p = 0; p < pages; p++) {
            guest.putLong(p * Protocol.PAGE_SIZE, p * 0x9E3779B97F4A7C15L);
        }
        ByteBuffer target = ByteBuffer.allocateDirect(pages * Protocol.PAGE_SIZE);
        Frame.Compatibility layout = new Frame.Compatibility(4096, 1,
                List.of(new Frame.Segment(0, (long) pages * Protocol.PAGE_SIZE)), "m", List.of());
        Conversation src = Conversation.sourceData(1, layout);
        Conversation dst = Conversation.destinationData(Samples.TOKEN, 1, layout, 2);
        // The join handshake is skipped by walking both ends past it locally.
        src.sending(new Frame.ChannelJoin(1, 1, 2, Samples.TOKEN));
        dst.received(new Frame.ChannelJoin(1, 1, 2, Samples.TOKEN));
        dst.sending(new Frame.HelloAck(1));
        src.received(new Frame.HelloAck(1));

        Future<Long> receiver = pool.submit(() -> {
            FrameReader r = new FrameReader(accepted, dst);
            PageSink sink = new PageSink() {
                @Override
                public ByteBuffer target(long firstPage, int count) {
                    int off = (int) firstPage * Protocol.PAGE_SIZE;
                    return target.duplicate().position(off).limit(off + count * Protocol.PAGE_SIZE);
                }

                @Override
                public void zero(long firstPage, int count) {
                }
            };
            while (!(r.next(sink) instanceof Frame.ChannelEnd)) {
                // frames are delivered into the sink
            }
            return r.bytesRead();
        });
        long start = System.nanoTime();
        FrameWriter w = new FrameWriter(client, src);
        MemoryBatch batch = new MemoryBatch();
        int perFrame = Protocol.MAX_DATA_PAGES_PER_FRAME;
        long frames = 0;
        for (int p = 0; p < pages; p += perFrame) {
            batch.clear();
            // two runs per frame, as dirty runs would come
            int half = perFrame / 2;
            batch.addData(p, half, guest.duplicate().position(p * 4096).limit((p + half) * 4096));
            batch.addData(p + half, half, guest.duplicate().position((p + half) * 4096).limit((p + perFrame) * 4096));
            w.writeMemory(0, batch);
            frames++;
        }
        w.write(new Frame.ChannelSync(0, frames, pages));
        w.write(new Frame.ChannelEnd());
        long read = receiver.get(50, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(w.bytesWritten(), read);
        assertEquals(ConversationState.CLOSED, dst.state());
        for (int p = 0; p < pages; p += 997) {
            assertEquals(p * 0x9E3779B97F4A7C15L, target.getLong(p * Protocol.PAGE_SIZE), "page " + p);
        }
        System.out.printf("protocol loopback: %d MiB in %.3f s = %.2f GB/s%n", read >> 20, seconds,
                read / seconds / 1e9);
    }

    @Test
    void aReaderBlockedOnASilentPeerEndsWithTimeoutUnderSoTimeout() throws Exception {
        Socket s = accepted.socket();
        s.setSoTimeout(200);
        FrameReader r = FrameReader.of(s.getInputStream(), FrameGate.OPEN);
        MigrationException e = assertThrows(MigrationException.class, () -> r.next(null));
        assertEquals(MigrationException.Code.OPERATION_TIMEOUT, e.code());
    }

    @Test
    void closingTheChannelReleasesABlockedReaderAsAborted() throws Exception {
        FrameReader r = new FrameReader(accepted, Conversation.destinationControl(Samples.TOKEN));
        CompletableFuture<MigrationException> failure = CompletableFuture.supplyAsync(
                () -> assertThrows(MigrationException.class, () -> r.next(null)), pool);
        Thread.sleep(100); // let the reader block; the assertion below does not depend on it
        accepted.close();
        MigrationException e = failure.get(5, TimeUnit.SECONDS);
        assertTrue(e.code() == MigrationException.Code.OPERATION_ABORTED
                || e.code() == MigrationException.Code.READ_FAILED, e.code() + ": " + e.getMessage());
        assertEquals("AWAIT_HELLO", e.state());
    }
}
