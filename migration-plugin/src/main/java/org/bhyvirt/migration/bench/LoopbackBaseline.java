package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The raw transport baseline: one TCP connection over loopback, Java NIO with 1 MiB direct buffers, a
 * sender writing {@code bytes} bytes of incompressible data and a receiver reading them. The time runs
 * from the connect until the receiver has read the last byte; the result carries the bytes the receiver
 * actually counted.
 */
public final class LoopbackBaseline {
    private static final int BUFFER = 1 << 20;

    private LoopbackBaseline() {
    }

    /**
     * A measured copy.
     *
     * @param bytes bytes the receiver read
     * @param nanos connect to last byte read
     */
    public record Result(long bytes, long nanos) {
        /** Milliseconds. */
        public double millis() {
            return nanos / 1e6;
        }

        /** MiB/s. */
        public double mibPerSecond() {
            return nanos <= 0 ? 0 : bytes / 1048576.0 / (nanos / 1e9);
        }
    }

    /** Copies {@code bytes} bytes over loopback and measures it. */
    public static Result copy(long bytes) throws IOException, InterruptedException {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot copy " + bytes + " bytes");
        }
        ByteBuffer buf = randomDirect();
        return timed("baseline", out -> {
            long left = bytes;
            while (left > 0) {
                buf.clear().limit((int) Math.min(BUFFER, left));
                while (buf.hasRemaining()) {
                    left -= out.write(buf);
                }
            }
        }, in -> {
            ByteBuffer b = ByteBuffer.allocateDirect(BUFFER);
            long total = 0;
            while (true) {
                b.clear();
                int n = in.read(b);
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        });
    }

    /** What writes the bytes to the connection (then it is shut down for output). */
    @FunctionalInterface
    interface Sender {
        void send(SocketChannel out) throws IOException;
    }

    /** What reads the connection; answers the bytes it read. */
    @FunctionalInterface
    interface Receiver {
        long receive(SocketChannel in) throws IOException;
    }

    /**
     * One timed transfer over a loopback connection: from the connect until {@code receiver} has
     * returned; the result carries the bytes it counted. {@code what} names the baseline in errors.
     */
    static Result timed(String what, Sender sender, Receiver receiver) throws IOException, InterruptedException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel in = server.accept()) {
                    return receiver.receive(in);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long start = System.nanoTime();
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                sender.send(out);
                out.shutdownOutput();
                long got = received.get(10, TimeUnit.MINUTES);
                return new Result(got, System.nanoTime() - start);
            } catch (ExecutionException e) {
                throw new IOException("the " + what + " receiver failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("the " + what + " receiver did not finish in 10 minutes", e);
            }
        }
    }

    private static ByteBuffer randomDirect() {
        ByteBuffer b = ByteBuffer.allocateDirect(BUFFER);
        SplittableRandom r = new SplittableRandom(0x5eed);
        while (b.remaining() >= 8) {
            b.putLong(r.nextLong());
        }
        return b.clear();
    }
}
