package org.bhyvirt.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.emulator.migration.MigrationAddress;
import org.junit.jupiter.api.Test;

/**
 * The emulator's source bhyve speaks the UPB patch's wire protocol byte for byte (reference §2.4): a
 * test plays the destination over loopback and checks every struct. Also the patch's address parsing,
 * its single accept and its IPv4-only rule.
 */
class NativeMigrationWireTest {
    private static final int PAGE = 4096;

    private static ByteBuffer le(DataInputStream in, int n) throws Exception {
        byte[] b = new byte[n];
        in.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int end = at;
        while (end < at + max && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static void answer(OutputStream out, long v) throws Exception {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        out.flush();
    }

    @Test
    void theSourceSendsSpecsRoundsPageListsKernelStructsAndDevicesAsThePatchDoes() throws Exception {
        try (Emulator emu = new Emulator(); ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path img = emu.guestImage("g.img", "--working-set", "50%", "--write-rate", "16MiB/s", "--free", "20%");
            Process bhyve = emu.boot("vm0", "64M", 2, img, "-S");
            int port = server.getLocalPort();
            Emulator.Result ctl = emu.run("bhyvectl", "--vm=vm0", "--migrate-live=127.0.0.1," + port);
            assertEquals(0, ctl.exit(), "bhyvectl returns once the request is delivered: " + ctl.err());
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                ByteBuffer h = le(in, 80);
                assertEquals(520, h.getLong(0), "specs header length");
                assertEquals(1, h.getInt(8), "MESSAGE_TYPE_SPECS");
                ByteBuffer specs = le(in, 520);
                assertEquals("amd64", cString(specs, 0, 256));
                assertFalse(cString(specs, 256, 256).isEmpty(), "hw.model");
                assertEquals(4096, specs.getLong(512), "hw.pagesize");
                answer(out, 0);
                assertEquals(1, le(in, 4).getInt(0), "migration type live");
                assertEquals(4, in.readUnsignedByte(), "MIGRATION_ROUNDS");
                int pages = 64 << 20 >> 12;
                List<Integer> sent = new ArrayList<>();
                for (int round = 0; round <= 4; round++) {
                    byte[] list = new byte[pages];
                    in.readFully(list);
                    int marked = 0;
                    for (byte b : list) {
                        assertTrue(b == 0 || b == 1, "one byte per page, 0 or 1");
                        marked += b;
                    }
                    if (round == 0) {
                        assertEquals(pages, marked, "round 0 sends every page");
                    }
                    byte[] page = new byte[PAGE];
                    for (int k = 0; k < marked; k++) {
                        in.readFully(page);
                    }
                    sent.add(marked);
                }
                assertTrue(sent.get(1) > 0 && sent.get(1) < pages, "round 1 sends only the dirtied pages: " + sent);
                int[] reqs = {5, 2, 0, 1, 3, 6, 8, 7, 9, 10};
                for (int req : reqs) {
                    ByteBuffer k = le(in, 80);
                    assertEquals(4, k.getInt(8), "MESSAGE_TYPE_KERN");
                    assertEquals(req, k.getInt(12), "snapshot_req in table order");
                    in.readFully(new byte[(int) k.getLong(0)]);
                }
                assertEquals(11, le(in, 4).getInt(0), "device table entries");
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 11; i++) {
                    ByteBuffer d = le(in, 80);
                    assertEquals(5, d.getInt(8), "MESSAGE_TYPE_DEV");
                    String name = cString(d, 16, 64);
                    names.add(name);
                    byte[] blob = new byte[(int) d.getLong(0)];
                    in.readFully(blob);
                    if (name.equals("ahci")) {
                        assertArrayEquals("2:0,ahci".getBytes(StandardCharsets.UTF_8), blob);
                    } else {
                        assertEquals(0, blob.length, name + " is unused");
                    }
                }
                assertEquals(List.of("atkbdc", "virtio-net", "virtio-blk", "virtio-rnd", "lpc", "fbuf", "xhci", "e1000",
                        "ahci", "ahci-hd", "ahci-cd"), names);
                assertTrue(bhyve.isAlive(), "the source waits for the completion message");
                answer(out, 0);
                assertEquals(0, emu.awaitExit(bhyve), "the source exits 0 after completion");
            }
            assertFalse(Files.exists(emu.vmDir("vm0")), "the source destroyed its VM");
            String log = emu.result(bhyve).out() + emu.result(bhyve).err();
            assertTrue(log.contains("migrate_connections: Starting connection to 127.0.0.1 on " + port + " port...\r\n"), log);
            assertTrue(log.contains("ROUND: 1\r\n") && log.contains("ROUND: 4\r\n"), log);
        }
    }

    @Test
    void aDestinationThatEndsTheStreamEarlyLeavesTheSourceGuestRunningAndIntact() throws Exception {
        try (Emulator emu = new Emulator(); ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path img = emu.guestImage("g.img", "--working-set", "50%", "--write-rate", "16MiB/s");
            Process bhyve = emu.boot("vm0", "64M", 2, img);
            assertEquals(0, emu.run("bhyvectl", "--vm=vm0", "--migrate=127.0.0.1," + server.getLocalPort()).exit());
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                in.readFully(new byte[600]);
                answer(s.getOutputStream(), 0);
                assertEquals(0, le(in, 4).getInt(0), "migration type warm");
                ByteBuffer sizes = le(in, 16);
                assertEquals(64L << 20, sizes.getLong(0), "lowmem size");
                assertEquals(0L, sizes.getLong(8), "highmem size");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!emu.result0(bhyve).contains("vm_send_migrate_req: Could not migrate the guest")) {
                assertTrue(System.nanoTime() < deadline, "the source reported the failure");
                Thread.sleep(20);
            }
            assertTrue(bhyve.isAlive());
            long written = Emulator.num(emu.ctl("vm0", "status"), "pagesWritten");
            Thread.sleep(300);
            assertTrue(Emulator.num(emu.ctl("vm0", "status"), "pagesWritten") > written, "the guest was resumed");
            assertEquals(0L, Emulator.num(emu.ctl("vm0", "self-check"), "stalePages"));
        }
    }

    @Test
    void aProbingConnectIsTakenForTheMigrationSoTheDestinationExits1() throws Exception {
        try (Emulator emu = new Emulator()) {
            Path img = emu.plainDisk("d.img");
            assertEquals(0, emu.run("bhyveload", "-m", "64M", "-d", img.toString(), "vm0").exit());
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Process dst = emu.start("bhyve", "-m", "64M", "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + img,
                    "-R", "127.0.0.1," + port, "vm0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!emu.result0(dst).contains("Waiting for connections from 127.0.0.1 on " + port + " port...")) {
                assertTrue(dst.isAlive() && System.nanoTime() < deadline, "the destination announced it listens");
                Thread.sleep(20);
            }
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            assertEquals(1, emu.awaitExit(dst));
            assertTrue(emu.result(dst).err().contains("Failed to migrate the vm."), emu.result(dst).err());
        }
    }

    @Test
    void anIpv6DestinationIsRefused() throws Exception {
        try (Emulator emu = new Emulator()) {
            Path img = emu.plainDisk("d.img");
            assertEquals(0, emu.run("bhyveload", "-m", "64M", "-d", img.toString(), "vm0").exit());
            Emulator.Result r = emu.run("bhyve", "-m", "64M", "-s", "0:0,hostbridge", "-R", "::1,24999", "vm0");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("IPv6 is not supported yet for migration. Please try again using a IPv4 address."),
                    r.err());
        }
    }

    @Test
    void hostAndPortAreParsedAsThePatchDoes() throws Exception {
        assertEquals(new MigrationAddress("10.0.0.2", 24983), MigrationAddress.parse("10.0.0.2"));
        assertEquals(new MigrationAddress("10.0.0.2", 25000), MigrationAddress.parse("10.0.0.2,25000x"));
        try (Emulator emu = new Emulator()) {
            Path img = emu.plainDisk("d.img");
            Process bhyve = emu.boot("vm0", "64M", 1, img);
            Emulator.Result r = emu.run("bhyvectl", "--vm=vm0", "--migrate-live=10.0.0.2,port");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("Could not parse the port"), r.err());
            assertTrue(bhyve.isAlive());
        }
    }
}
