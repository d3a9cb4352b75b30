package org.bhyvirt.migration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameGate;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameType;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.MemoryBatch;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.bhyvirt.migration.protocol.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real prepared {@link TargetMigration} (an incoming emulated VM, a listening socket) fed hostile
 * or broken streams by a raw client: each is refused with the error code and the protocol state it
 * arrived in, the destination answers ABORT where the connection still stands, the launcher is never
 * called, the incoming VM is discarded, and a huge declared length is refused from the header alone
 * (the client never sends the payload, the heap does not grow).
 */
@Timeout(60)
class TargetMalformedStreamTest {
    private static final String NAME = "guest";
    private static final long MEMORY = 16L << 20;
    private static final List<String> DEVICES = List.of("0:0,hostbridge", "2:0,ahci");
    private static final Duration IDLE = Duration.ofSeconds(30);

    private Path dir;
    private TargetMigration target;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(Path.of("/dev/shm", "bhyvirt-test-" + UUID.randomUUID() + "-malformed"));
        MigrationOffer offer = new MigrationOffer(NAME, MEMORY, 2, "host", DEVICES,
                MigrationOptions.defaults(MigrationKind.LIVE));
        target = TargetMigration.prepare(offer, new EmulatedVmmProvider(dir, dir.resolve("staging")),
                InetAddress.getLoopbackAddress(), dir, IDLE);
    }

    @AfterEach
    void tearDown() throws IOException {
        target.cancel();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** How far the client gets legitimately before the malformed part. */
    enum Prefix {
        NOTHING, HELLO, HANDSHAKE, IN_ROUND_ZERO, MEMORY_DONE
    }

    private static Frame.DeviceState meta(String format) {
        return new Frame.DeviceState(Frame.StateKind.KERNEL, "vmm-meta",
                (format + "\n1\n2\n" + MEMORY + "\n0:0,hostbridge\n2:0,ahci").getBytes(StandardCharsets.UTF_8));
    }

    private static Frame.DeviceState blob(byte[] data) {
        return new Frame.DeviceState(Frame.StateKind.KERNEL, "vmm-state", data);
    }

    private static Frame.Compatibility compatibility(long memoryBytes) {
        List<Frame.Segment> segs = new ArrayList<>();
        for (MemorySegment s : MemoryLayout.of(memoryBytes).segments()) {
            segs.add(new Frame.Segment(s.gpa(), s.bytes()));
        }
        return new Frame.Compatibility(Protocol.PAGE_SIZE, 2, segs, "host", DEVICES);
    }

    private static byte[] header(int code, int flags, long length) {
        return ByteBuffer.allocate(8).putShort((short) code).putShort((short) flags).putInt((int) length).array();
    }

    private static byte[] frames(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = FrameWriter.of(out, FrameGate.OPEN);
        for (Frame f : frames) {
            w.write(f);
        }
        return out.toByteArray();
    }

    private static byte[] memory(long firstPage, int pages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.of(out, FrameGate.OPEN).writeMemory(0,
                new MemoryBatch().addData(firstPage, pages, ByteBuffer.allocate(pages * Protocol.PAGE_SIZE)));
        return out.toByteArray();
    }

    /** Whether the client closes its end after the malformed bytes (a truncation) or keeps it open. */
    enum Then { CLOSE, KEEP_OPEN }

    /** One malformed stream: what the client sends and how the destination must refuse it. */
    enum Malformed {
        TRUNCATED_HELLO(Prefix.NOTHING, t -> Arrays.copyOf(frames(new Frame.Hello(1, 1, t)), 20), Then.CLOSE,
                Code.RPC, "AWAIT_HELLO", "truncated frame HELLO"),
        TRUNCATED_HEADER(Prefix.HANDSHAKE, t -> new byte[] {0, 5, 0}, Then.CLOSE,
                Code.RPC, "READY", "truncated frame header"),
        TRUNCATED_MEMORY_DATA(Prefix.IN_ROUND_ZERO, t -> {
            byte[] m = memory(0, 2);
            return Arrays.copyOf(m, m.length - 100);
        }, Then.CLOSE, Code.RPC, "ROUND", "truncated frame MEMORY"),
        CLOSED_BETWEEN_FRAMES(Prefix.IN_ROUND_ZERO, t -> new byte[0], Then.CLOSE,
                Code.RPC, "ROUND", "the peer closed the stream"),
        UNKNOWN_FRAME_CODE(Prefix.HANDSHAKE, t -> header(99, 0, 4), Then.KEEP_OPEN,
                Code.RPC, "READY", "unknown frame code 99"),
        RESERVED_FRAME_CODE_ZERO(Prefix.NOTHING, t -> header(0, 0, 0), Then.KEEP_OPEN,
                Code.RPC, "AWAIT_HELLO", "unknown frame code 0"),
        NONZERO_FLAGS(Prefix.HANDSHAKE, t -> header(FrameType.ROUND_START.code(), 1, 4), Then.KEEP_OPEN,
                Code.RPC, "READY", "has flags 1"),
        MEMORY_LENGTH_OF_FOUR_GIBIBYTES(Prefix.IN_ROUND_ZERO, t -> header(FrameType.MEMORY.code(), 0, 0xFFFF_FFFFL),
                Then.KEEP_OPEN, Code.RPC, "ROUND", "outside its bounds"),
        DEVICE_STATE_LENGTH_BEYOND_BOUNDS(Prefix.HANDSHAKE,
                t -> header(FrameType.DEVICE_STATE.code(), 0, FrameType.DEVICE_STATE.maxPayload() + 1), Then.KEEP_OPEN,
                Code.RPC, "READY", "outside its bounds"),
        COMPATIBILITY_LENGTH_BEYOND_BOUNDS(Prefix.HELLO,
                t -> header(FrameType.COMPATIBILITY.code(), 0, FrameType.COMPATIBILITY.maxPayload() + 1),
                Then.KEEP_OPEN, Code.RPC, "AWAIT_COMPATIBILITY", "outside its bounds"),
        HELLO_LENGTH_BELOW_BOUNDS(Prefix.NOTHING, t -> header(FrameType.HELLO.code(), 0, 3), Then.KEEP_OPEN,
                Code.RPC, "AWAIT_HELLO", "outside its bounds"),
        MEMORY_BEFORE_HELLO(Prefix.NOTHING, t -> header(FrameType.MEMORY.code(), 0, FrameType.MEMORY.minPayload()),
                Then.KEEP_OPEN, Code.RPC, "AWAIT_HELLO", "may not come in state AWAIT_HELLO"),
        SECOND_HELLO(Prefix.HANDSHAKE, t -> frames(new Frame.Hello(1, 1, t)), Then.KEEP_OPEN,
                Code.RPC, "READY", "frame HELLO may not come"),
        COMPLETE_BEFORE_ANY_ROUND(Prefix.HANDSHAKE, t -> frames(new Frame.Complete(1, 0, 0, 0)), Then.KEEP_OPEN,
                Code.RPC, "READY", "frame COMPLETE may not come"),
        DEVICE_STATE_INSIDE_A_ROUND(Prefix.IN_ROUND_ZERO,
                t -> frames(new Frame.DeviceState(Frame.StateKind.DEVICE, "ahci", new byte[] {1})), Then.KEEP_OPEN,
                Code.RPC, "ROUND", "frame DEVICE_STATE may not come"),
        DESTINATION_FRAME_FROM_THE_SOURCE(Prefix.HANDSHAKE, t -> header(FrameType.COMPLETE_ACK.code(), 0, 0),
                Then.KEEP_OPEN, Code.RPC, "READY", "frame COMPLETE_ACK may not come"),
        ROUND_OUT_OF_ORDER(Prefix.HANDSHAKE, t -> frames(new Frame.RoundStart(1)), Then.KEEP_OPEN,
                Code.RPC, "READY", "round 1 starts where round 0 was due"),
        PAGES_OUTSIDE_THE_GUEST(Prefix.IN_ROUND_ZERO, t -> memory(MEMORY / Protocol.PAGE_SIZE, 1), Then.KEEP_OPEN,
                Code.RPC, "ROUND", "outside the guest's memory layout"),
        WRONG_TOKEN(Prefix.NOTHING, t -> frames(new Frame.Hello(1, 1, MigrationToken.random(new SecureRandom()))),
                Then.KEEP_OPEN, Code.AUTH_FAILED, "AWAIT_HELLO", "wrong migration token"),
        UNSUPPORTED_VERSION(Prefix.NOTHING, t -> frames(new Frame.Hello(7, 9, t)), Then.KEEP_OPEN,
                Code.OPERATION_UNSUPPORTED, "AWAIT_HELLO", "protocol versions 7..9"),
        INCOMPATIBLE_LAYOUT(Prefix.HELLO, t -> frames(compatibility(MEMORY * 2)), Then.KEEP_OPEN,
                Code.CONFIG_UNSUPPORTED, "AWAIT_VERDICT", "memory segment 0 is"),
        STATE_FRAME_OF_AN_UNKNOWN_NAME(Prefix.MEMORY_DONE,
                t -> frames(new Frame.DeviceState(Frame.StateKind.DEVICE, "ahci", new byte[] {1})), Then.KEEP_OPEN,
                Code.RPC, "STATE", "unexpected state frame"),
        COMPLETE_WITHOUT_THE_STATE(Prefix.MEMORY_DONE, t -> frames(new Frame.Complete(1, 0, 0, 0)), Then.KEEP_OPEN,
                Code.RPC, "STATE", "completed without the VM's state"),
        COMPLETE_WITH_WRONG_TOTALS(Prefix.MEMORY_DONE, t -> frames(new Frame.Complete(3, 0, 0, 0)), Then.KEEP_OPEN,
                Code.RPC, "STATE", "completion claims 3 rounds"),
        STATE_THE_VM_CANNOT_RESTORE(Prefix.MEMORY_DONE, t -> {
            Frame.DeviceState meta = meta("some-other-format");
            Frame.DeviceState blob = blob(new byte[64]);
            return frames(meta, blob, new Frame.Complete(1, 0, 0, meta.data().length + 64));
        }, Then.KEEP_OPEN, Code.CONFIG_UNSUPPORTED, "AWAIT_ACK", "cannot restore a state of format some-other-format");

        final Prefix prefix;
        final Function<MigrationToken, byte[]> bytes;
        final Then then;
        final Code code;
        final String state;
        final String message;

        Malformed(Prefix prefix, Function<MigrationToken, byte[]> bytes, Then then, Code code, String state,
                String message) {
            this.prefix = prefix;
            this.bytes = bytes;
            this.then = then;
            this.code = code;
            this.state = state;
            this.message = message;
        }
    }

    private static byte[] prefix(Prefix p, MigrationToken token) {
        List<Frame> f = new ArrayList<>();
        if (p != Prefix.NOTHING) {
            f.add(new Frame.Hello(Protocol.VERSION_MIN, Protocol.VERSION_MAX, token));
        }
        if (p == Prefix.HANDSHAKE || p == Prefix.IN_ROUND_ZERO) {
            f.add(compatibility(MEMORY));
        }
        if (p == Prefix.IN_ROUND_ZERO) {
            f.add(new Frame.RoundStart(0));
        }
        if (p == Prefix.MEMORY_DONE) {
            f.add(compatibility(MEMORY));
            f.add(new Frame.FinalRoundStart(0));
            f.add(new Frame.RoundEnd(0, 0, 0, 0, 0, 0));
        }
        return frames(f.toArray(Frame[]::new));
    }

    private static long heapUsed() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @ParameterizedTest
    @EnumSource(Malformed.class)
    void aMalformedStreamIsRefusedNamingItsStateAndTheIncomingVmIsDiscarded(Malformed m) throws Exception {
        Incoming in = target.incoming();
        Path vmDir = dir.resolve("vmm").resolve(NAME);
        assertTrue(Files.isDirectory(vmDir), "prepare created the incoming VM");
        long heapBefore = heapUsed();
        long t0 = System.nanoTime();
        Optional<Frame.Abort> abort = Optional.empty();
        AtomicBoolean launched = new AtomicBoolean();
        MigrationException e;
        try (Socket s = new Socket(in.address().getAddress(), in.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(prefix(m.prefix, in.token()));
            out.write(m.bytes.apply(in.token()));
            out.flush();
            if (m.then == Then.CLOSE) {
                s.shutdownOutput();
            }
            e = assertThrows(MigrationException.class,
                    () -> target.finish((name, checkpoint) -> launched.set(true), Duration.ofSeconds(20)));
            if (m.then == Then.KEEP_OPEN) {
                abort = abortFrom(s);
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(m.code, e.code(), e.getMessage());
        assertEquals(m.state, e.state(), e.getMessage());
        assertTrue(e.getMessage().contains(m.message), e.getMessage());
        assertTrue(millis < IDLE.toMillis() / 3, "refused after " + millis + " ms, not by the idle timeout");
        assertFalse(launched.get(), "the launcher must never run");
        assertFalse(Files.exists(vmDir), "the incoming VM must be discarded");
        if (m.then == Then.KEEP_OPEN) {
            assertTrue(abort.isPresent(), "the destination answers ABORT while the connection stands");
            assertEquals(m.code, abort.get().code(), abort.get().reason());
        }
        assertTrue(heapUsed() - heapBefore < (32L << 20), "the heap grew by more than 32 MiB");
    }

    /** The frames the destination sent until it closed: its ABORT, if it sent one. */
    private static Optional<Frame.Abort> abortFrom(Socket s) throws IOException {
        FrameReader r = FrameReader.of(s.getInputStream(), FrameGate.OPEN);
        try {
            while (true) {
                if (r.next(null) instanceof Frame.Abort a) {
                    return Optional.of(a);
                }
            }
        } catch (MigrationException closed) {
            return Optional.empty();
        }
    }

    @org.junit.jupiter.api.Test
    void aSourceThatFallsSilentIsCutAtTheIdleTimeoutAndTheVmIsGoneWhenFinishReturns() throws Exception {
        target.cancel();
        TargetMigration quiet = TargetMigration.prepare(new MigrationOffer("quiet", MEMORY, 2, "host", DEVICES,
                MigrationOptions.defaults(MigrationKind.LIVE)), new EmulatedVmmProvider(dir, dir.resolve("staging")),
                InetAddress.getLoopbackAddress(), dir, Duration.ofSeconds(1));
        Incoming in = quiet.incoming();
        try (Socket s = new Socket(in.address().getAddress(), in.address().getPort())) {
            s.getOutputStream().write(prefix(Prefix.IN_ROUND_ZERO, in.token()));
            MigrationException e = assertThrows(MigrationException.class,
                    () -> quiet.finish((name, checkpoint) -> { }, Duration.ofSeconds(20)));
            assertEquals(Code.OPERATION_TIMEOUT, e.code(), e.getMessage());
            assertEquals("RECEIVING", e.state());
            assertFalse(Files.exists(dir.resolve("vmm").resolve("quiet")), "the incoming VM must be discarded");
        }
    }
}
