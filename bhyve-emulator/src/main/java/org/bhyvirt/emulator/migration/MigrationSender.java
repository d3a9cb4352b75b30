package org.bhyvirt.emulator.migration;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * The source side of a warm or live migration (the patch's {@code vm_send_migrate_req}), run on its own
 * thread once bhyvectl's request was answered. On success the VM is destroyed and the process exits 0;
 * on any failure the error is printed on stderr, the guest resumes if it was paused, and bhyve keeps
 * running. Live rounds: round 0 sends every page, rounds 1..3 the pages whose dirty bit is set, the
 * final round (4) the same with the guest paused; each page's bit is cleared before the page is copied.
 */
public final class MigrationSender {
    /** The patch's {@code MIGRATION_ROUNDS}. */
    public static final int ROUNDS = 4;
    private static final int PAGE = MemoryLayout.PAGE_SIZE;
    private static final int WARM_CHUNK = 4 << 20;

    private final MigrationSourceVm vm;
    private final MigrationAddress address;
    private final boolean live;
    private final PrintStream out;
    private final PrintStream err;
    private boolean paused;

    /** A sender of {@code vm} to {@code address}, printing the patch's lines on {@code out} and {@code err}. */
    public MigrationSender(MigrationSourceVm vm, MigrationAddress address, boolean live, PrintStream out, PrintStream err) {
        this.vm = vm;
        this.address = address;
        this.live = live;
        this.out = out;
        this.err = err;
    }

    /** Runs the migration; returns only on failure (after resuming the guest). */
    public void run() {
        Inet4Address ip;
        try {
            ip = address.resolveIpv4();
        } catch (IllegalArgumentException e) {
            line(err, e.getMessage());
            line(err, "vm_send_migrate_req: Could not create connection");
            return;
        }
        line(out, "hostname " + ip.getHostAddress());
        line(out, "migrate_connections: Starting connection to " + ip.getHostAddress() + " on " + address.port() + " port...");
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(ip, address.port()));
        } catch (IOException e) {
            line(err, "Could not connect to the remote host: " + e.getMessage());
            line(err, "vm_send_migrate_req: Could not create connection");
            closeQuietly(socket);
            return;
        }
        try (MigrationStream s = new MigrationStream(socket)) {
            if (!sendSpecs(s)) {
                line(err, "vm_send_migrate_req: Error while checking system requirements");
                return;
            }
            s.sendInt(live ? 1 : 0);
            if (live) {
                sendLive(s);
            } else {
                sendWarm(s);
            }
            sendKernelStructs(s);
            sendDevices(s);
            s.flush();
            long completed = s.recvLong();
            if (completed != 0) {
                throw new IOException("the destination answered " + completed);
            }
            vm.destroyAndExit();
        } catch (IOException | RuntimeException e) {
            line(err, "vm_send_migrate_req: Could not " + (live ? "live migrate the guest's memory" : "migrate the guest")
                    + ": " + e.getMessage());
        } finally {
            if (paused) {
                paused = false;
                vm.resume();
            }
        }
    }

    private boolean sendSpecs(MigrationStream s) throws IOException {
        s.sendHeader(new MigrationStream.Header(MigrationStream.SPECS_BYTES, MigrationStream.TYPE_SPECS, 0, ""));
        s.sendSpecs(HostSpecs.local());
        s.flush();
        long response = s.recvLong();
        if (response != 0) {
            line(err, "migration_send_specs: System specification mismatch");
            return false;
        }
        line(out, "migration_send_specs: System specification accepted");
        return true;
    }

    private void sendWarm(MigrationStream s) throws IOException {
        pause();
        MemoryLayout layout = vm.layout();
        s.sendLong(layout.lowmem());
        s.sendLong(layout.highmem());
        s.flush();
        if (s.recvInt() != 0) {
            line(err, "migrate_send_memory: Memory size mismatch with remote host");
            throw new IOException("memory size mismatch with the destination");
        }
        byte[] chunk = new byte[WARM_CHUNK];
        long total = layout.memBytes();
        for (long off = 0; off < total; off += WARM_CHUNK) {
            int n = (int) Math.min(WARM_CHUNK, total - off);
            for (int k = 0; k < n; k += PAGE) {
                vm.memory().slice(off + k, PAGE).get(chunk, k, PAGE);
            }
            s.send(chunk, 0, n);
        }
    }

    private void sendLive(MigrationStream s) throws IOException {
        s.sendByte(ROUNDS);
        long pages = vm.layout().pages();
        if (pages > Integer.MAX_VALUE) {
            throw new IOException("guest of " + pages + " pages is too large for one page list");
        }
        byte[] list = new byte[(int) pages];
        byte[] page = new byte[PAGE];
        for (int round = 0; round <= ROUNDS; round++) {
            if (round == ROUNDS) {
                pause();
            }
            if (round == 0) {
                java.util.Arrays.fill(list, (byte) 1);
            } else {
                line(err, "ROUND: " + round);
                for (int p = 0; p < list.length; p++) {
                    list[p] = (byte) (vm.dirty().isDirty(p) ? 1 : 0);
                }
            }
            s.send(list);
            for (int p = 0; p < list.length; p++) {
                if (list[p] == 1) {
                    vm.dirty().testAndClear(p);
                    vm.memory().slice((long) p * PAGE, PAGE).get(page);
                    s.send(page);
                }
            }
        }
    }

    private void sendKernelStructs(MigrationStream s) throws IOException {
        byte[] state = vm.kernelState();
        for (SnapshotTables.KernStruct k : SnapshotTables.KERN_STRUCTS) {
            byte[] blob = k.name().equals(SnapshotTables.VM_STRUCT) ? state : new byte[0];
            s.sendHeader(new MigrationStream.Header(blob.length, MigrationStream.TYPE_KERN, k.req(), ""));
            s.send(blob);
        }
    }

    private void sendDevices(MigrationStream s) throws IOException {
        s.sendInt(SnapshotTables.DEVICES.size());
        for (String dev : SnapshotTables.DEVICES) {
            byte[] blob = SnapshotTables.deviceBlob(dev, vm.devices());
            s.sendHeader(new MigrationStream.Header(blob.length, MigrationStream.TYPE_DEV, 0, dev));
            if (blob.length == 0) {
                line(err, "migrate_send_dev: Did not send " + dev + " dev. Assuming unused. Continuing...");
            }
            s.send(blob);
        }
    }

    private void pause() {
        if (!paused) {
            vm.pause();
            paused = true;
        }
    }

    static void line(PrintStream p, String text) {
        p.print(text + "\r\n");
        p.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            return;
        }
    }
}
