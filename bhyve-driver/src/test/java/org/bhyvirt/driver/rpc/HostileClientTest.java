package org.bhyvirt.driver.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.domain.EmulatedHost;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.proc.DomainJobs;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.wire.Header;
import org.bhyvirt.driver.rpc.wire.MessageStatus;
import org.bhyvirt.driver.rpc.wire.MessageType;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.Programs;
import org.bhyvirt.driver.rpc.wire.RemoteError;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that break the protocol: each gets an error reply or loses its connection, never the
 * server: other connections carry on, a stored definition is untouched, and a client that never
 * reads is dropped once its replies exceed the configured bound.
 */
class HostileClientTest {

    @TempDir
    Path home;

    private RpcHost rpc;
    private String storedXml;

    @BeforeEach
    void start() throws Exception {
        rpc = new RpcHost(DomainJobs.NONE, c -> c.withQueuedBytesLimit(1 << 20));
        Path disk = rpc.host.guestImage("keep.img", "--working-set", "10%", "--write-rate", "1MiB/s");
        rpc.driver.defineXML(EmulatedHost.domainXml("keep", UUID.randomUUID(), 32, 1, disk), 0);
        storedXml = rpc.driver.getXMLDesc("keep", 0);
    }

    @AfterEach
    void stop() throws Exception {
        rpc.close();
    }

    /** The server still answers a well-behaved client, and the stored domain is as it was. */
    private void serverIsIntact() throws Exception {
        try (RawClient c = new RawClient(rpc.port()).open()) {
            Packet r = c.call(RemoteProcedure.CONNECT_GET_HOSTNAME.number(), new byte[0]);
            assertEquals(MessageStatus.OK, r.header().status());
        }
        assertEquals(storedXml, rpc.driver.getXMLDesc("keep", 0));
    }

    private static RemoteError error(Packet p) {
        assertEquals(MessageStatus.ERROR, p.header().status(), "expected an error reply: " + p.header());
        return RemoteError.decode(p.payload());
    }

    @Test
    void garbageBeforeTheHeaderLosesTheConnectionOnly() throws Exception {
        for (String junk : List.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\0\0\0\u0004abcd", "\u007f\u00ff\u00ff\u00ff")) {
            try (RawClient c = new RawClient(rpc.port())) {
                c.send(junk.getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(c.closedByServer(), junk);
            }
        }
        serverIsIntact();
    }

    @Test
    void unknownProgramsProceduresAndMessageTypesGetErrorsAndTheConnectionCarriesOn() throws Exception {
        try (RawClient c = new RawClient(rpc.port()).open()) {
            c.send(new Packet(new Header(0x20008087, 1, 1, MessageType.CALL, 77, MessageStatus.OK), new byte[0]).encode());
            Packet p = c.next();
            assertEquals(77, p.header().serial());
            assertEquals(VirErrorNumber.RPC.code(), error(p).code());

            RemoteError unknown = error(c.call(9999, new byte[0]));
            assertEquals("unknown procedure: 9999", unknown.message());
            assertEquals(7, unknown.domain());

            RemoteError truncated = error(c.call(RemoteProcedure.DOMAIN_LOOKUP_BY_NAME.number(),
                    new XdrEncoder().writeInt(100).writeInt(0x61616161).toByteArray()));
            assertTrue(truncated.message().contains("cannot decode the arguments of DOMAIN_LOOKUP_BY_NAME"), truncated.message());

            RemoteError trailing = error(c.call(RemoteProcedure.CONNECT_GET_HOSTNAME.number(), new byte[8]));
            assertTrue(trailing.message().contains("unexpected bytes"), trailing.message());

            RemoteError tooLong = error(c.call(RemoteProcedure.DOMAIN_DEFINE_XML.number(),
                    new XdrEncoder().writeInt(5_000_000).toByteArray()));
            assertTrue(tooLong.message().contains("exceeds the maximum"), tooLong.message());

            c.send(new Packet(new Header(Programs.REMOTE, 1, 3, MessageType.CALL, 88, MessageStatus.ERROR), new byte[0]).encode());
            assertEquals(88, c.next().header().serial());

            Packet ok = c.call(RemoteProcedure.CONNECT_GET_TYPE.number(), new byte[0]);
            assertEquals(MessageStatus.OK, ok.header().status(), "the connection still works");
        }
        serverIsIntact();
    }

    @Test
    void callsBeforeOpenAreRefused() throws Exception {
        try (RawClient c = new RawClient(rpc.port())) {
            RemoteError e = error(c.call(RemoteProcedure.CONNECT_LIST_ALL_DOMAINS.number(),
                    new XdrEncoder().writeInt(1).writeInt(0).toByteArray()));
            assertEquals("internal error: connection not open", e.message());
            RemoteError qemu = error(c.call(RemoteProcedure.CONNECT_OPEN.number(),
                    new XdrEncoder().writeBool(true).writeString("qemu:///system").writeInt(0).toByteArray()));
            assertEquals(VirErrorNumber.NO_CONNECT.code(), qemu.code());
            assertEquals("no connection driver available for qemu:///system", qemu.message());
        }
    }

    @Test
    void aClientThatNeverReadsIsDroppedAndOthersCarryOn() throws Exception {
        try (RawClient greedy = new RawClient(rpc.port()).open()) {
            greedy.socket.setReceiveBufferSize(4096);
            String peer = greedy.socket.getLocalSocketAddress().toString();
            byte[] call = new Packet(new Header(Programs.REMOTE, 1, RemoteProcedure.CONNECT_GET_CAPABILITIES.number(),
                    MessageType.CALL, 1, MessageStatus.OK), new byte[0]).encode();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (connected(peer) && System.nanoTime() < deadline) {
                    for (int i = 0; i < 200; i++) {
                        greedy.send(call);
                    }
                    serverIsIntact();
                }
            } catch (java.io.IOException e) {
                // the server closed the connection while we were still sending: that is the point
            }
            while (connected(peer) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the server drops the connection on its own threads
            }
            assertTrue(!connected(peer), "the greedy client is still connected");
        }
        serverIsIntact();
    }

    private boolean connected(String peer) {
        return rpc.server.connections().stream().anyMatch(c -> c.peer().equals(peer));
    }

    @Test
    void aFuzzedStreamOfThreeThousandPacketsNeverHurtsTheServer() throws Exception {
        Random random = new Random(20261122L);
        int[] procedures = {1, 2, 3, 4, 6, 7, 9, 10, 11, 12, 14, 16, 21, 22, 23, 24, 28, 33, 34, 35, 37, 54, 55, 60,
            66, 122, 136, 163, 164, 183, 196, 212, 231, 273, 298, 316, 317, 342, 350, 9999};
        int cases = 0;
        int connections = 0;
        while (cases < 3000) {
            connections++;
            try (RawClient c = new RawClient(rpc.port()).open()) {
                for (int i = 0; i < 100 && cases < 3000; i++, cases++) {
                    byte[] payload = new byte[random.nextInt(96)];
                    random.nextBytes(payload);
                    if (random.nextInt(4) == 0 && payload.length >= 4) {
                        payload[0] = 0; payload[1] = 0; payload[2] = 0; payload[3] = (byte) random.nextInt(40);
                    }
                    int proc = procedures[random.nextInt(procedures.length)];
                    Header h = new Header(random.nextInt(20) == 0 ? random.nextInt() : Programs.REMOTE, 1, proc,
                            random.nextInt(15) == 0 ? random.nextInt(8) : 0, i, 0);
                    byte[] bytes = new Packet(h, payload).encode();
                    if (random.nextInt(25) == 0) {
                        bytes[random.nextInt(4)] = (byte) random.nextInt(); // a broken length word
                    }
                    c.send(bytes);
                }
                c.socket.shutdownOutput();
                assertTrue(c.closedByServer());
            } catch (java.net.SocketException e) {
                // the server dropped a connection whose framing the fuzzer broke
            }
        }
        assertTrue(connections >= 30);
        serverIsIntact();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rpc.server.connections().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "connections left open: " + rpc.server.connections().size());
            Thread.sleep(20); // closing is noticed by the reader threads on their own
        }
        assertEquals(List.of("keep"), rpc.driver.listAllDomains(0).stream().map(d -> d.name()).toList());
        assertTrue(Files.exists(rpc.host.config.definitionsDir().resolve("keep.xml")));
    }
}
