package org.bhyvirt.emulator.migration;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bhyvirt.emulator.snapshot.KernelState;
import org.bhyvirt.emulator.vm.MappedFile;
import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * The destination side (the patch's {@code vm_recv_migrate_req}): binds {@code INADDR_ANY:port}, prints
 * the "Waiting for connections" line once it listens, accepts exactly one connection (no timeout),
 * receives the guest into {@code memory} and returns the emulator's kernel state. Any refusal or
 * transfer error is a {@link Failure} whose message names what failed; the caller exits 1.
 */
public final class MigrationReceiver {
    /** Most bytes one kernel struct or device blob may have (the patch's SNAPSHOT_BUFFER_SIZE). */
    static final long MAX_BLOB = 40L << 20;
    private static final int PAGE = MemoryLayout.PAGE_SIZE;

    /** The migration was refused or broke. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final MigrationAddress address;
    private final MemoryLayout layout;
    private final MappedFile memory;
    private final List<String> devices;
    private final PrintStream out;
    private final PrintStream err;

    /** A receiver into {@code memory} (of {@code layout}) for a VM with {@code devices} ({@code slot:func,emulation}). */
    public MigrationReceiver(MigrationAddress address, MemoryLayout layout, MappedFile memory, List<String> devices,
                             PrintStream out, PrintStream err) {
        this.address = address;
        this.layout = layout;
        this.memory = memory;
        this.devices = List.copyOf(devices);
        this.out = out;
        this.err = err;
    }

    /** Waits for the source, receives the guest and answers "completed"; returns the kernel state. */
    public KernelState receive() throws Failure {
        Inet4Address ip;
        try {
            ip = address.resolveIpv4();
        } catch (IllegalArgumentException e) {
            MigrationSender.line(err, e.getMessage());
            throw new Failure("vm_recv_migrate_req: Could not create connections");
        }
        MigrationSender.line(out, "hostname " + ip.getHostAddress());
        Socket socket;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address.port()), 1);
            MigrationSender.line(out, "migrate_connections: Waiting for connections from " + ip.getHostAddress() + " on "
                    + address.port() + " port...");
            socket = server.accept();
        } catch (IOException e) {
            MigrationSender.line(err, "Could not bind: " + e.getMessage());
            throw new Failure("vm_recv_migrate_req: Could not create connections");
        }
        try (MigrationStream s = new MigrationStream(socket)) {
            checkSpecs(s);
            int type = s.recvInt();
            if (type == 1) {
                receiveLive(s);
            } else if (type == 0) {
                receiveWarm(s);
            } else {
                throw new Failure("vm_recv_migrate_req: unknown migration type " + type);
            }
            KernelState state = receiveKernelStructs(s);
            receiveDevices(s);
            MigrationSender.line(out, "vm_recv_migrate_req: Migration completed");
            s.sendLong(0);
            s.flush();
            return state;
        } catch (IOException e) {
            throw new Failure("vm_recv_migrate_req: " + e.getMessage());
        }
    }

    private void checkSpecs(MigrationStream s) throws IOException, Failure {
        MigrationStream.Header h = s.recvHeader();
        if (h.type() != MigrationStream.TYPE_SPECS || h.len() != MigrationStream.SPECS_BYTES) {
            throw new Failure("migration_recv_and_check_specs: Wrong message type received from remote (type "
                    + h.type() + ", length " + h.len() + ")");
        }
        HostSpecs remote = s.recvSpecs();
        HostSpecs local = HostSpecs.local();
        boolean ok = local.equals(remote);
        s.sendLong(ok ? 0 : 1);
        s.flush();
        if (!ok) {
            MigrationSender.line(err, "migration_recv_and_check_specs: System specification mismatch");
            MigrationSender.line(err, local.mismatchReport(remote));
            throw new Failure("vm_recv_migrate_req: Error while checking specs");
        }
    }

    private void receiveWarm(MigrationStream s) throws IOException, Failure {
        long low = s.recvLong();
        long high = s.recvLong();
        boolean ok = low == layout.lowmem() && high == layout.highmem();
        s.sendInt(ok ? 0 : 1);
        s.flush();
        if (!ok) {
            if (low != layout.lowmem()) {
                MigrationSender.line(err, "migrate_check_memsize: Local and remote lowmem size mismatch");
            }
            if (high != layout.highmem()) {
                MigrationSender.line(err, "migrate_check_memsize: Local and remote highmem size mismatch");
            }
            throw new Failure("migrate_recv_memory: Memory size mismatch with remote host (local " + layout.lowmem()
                    + "+" + layout.highmem() + ", remote " + low + "+" + high + " bytes)");
        }
        byte[] page = new byte[PAGE];
        for (long p = 0; p < layout.pages(); p++) {
            s.recvInto(page, 0, PAGE);
            memory.slice(p * PAGE, PAGE).put(page);
        }
    }

    private void receiveLive(MigrationStream s) throws IOException, Failure {
        int rounds = s.recvByte();
        byte[] list = new byte[(int) layout.pages()];
        byte[] page = new byte[PAGE];
        for (int round = 0; round <= rounds; round++) {
            s.recvInto(list, 0, list.length);
            for (int p = 0; p < list.length; p++) {
                if (list[p] != 0 && list[p] != 1) {
                    throw new Failure("recv_pages: page list of round " + round + " has byte " + (list[p] & 0xff)
                            + " at page " + p + " (the stream is out of step: do both sides have the same memory size?)");
                }
            }
            for (int p = 0; p < list.length; p++) {
                if (list[p] == 1) {
                    s.recvInto(page, 0, PAGE);
                    memory.slice((long) p * PAGE, PAGE).put(page);
                }
            }
        }
    }

    private KernelState receiveKernelStructs(MigrationStream s) throws IOException, Failure {
        KernelState state = null;
        for (SnapshotTables.KernStruct k : SnapshotTables.KERN_STRUCTS) {
            MigrationStream.Header h = s.recvHeader();
            if (h.type() != MigrationStream.TYPE_KERN || h.reqType() != k.req() || h.len() < 0 || h.len() > MAX_BLOB) {
                throw new Failure("migrate_kern_data: Could not restore struct " + k.name() + " (got type " + h.type()
                        + ", req " + h.reqType() + ", length " + h.len() + ")");
            }
            byte[] blob = s.recv((int) h.len());
            if (k.name().equals(SnapshotTables.VM_STRUCT)) {
                try {
                    state = KernelState.fromBytes(blob);
                } catch (IOException e) {
                    throw new Failure("migrate_recv_kern_struct: Failed to restore struct " + k.req() + ": " + e.getMessage());
                }
            } else if (blob.length != 0) {
                throw new Failure("migrate_recv_kern_struct: Failed to restore struct " + k.req() + ": the emulator has no "
                        + k.name() + " state, got " + blob.length + " bytes");
            }
        }
        if (!state.devices().equals(devices)) {
            throw new Failure("migrate_kern_data: the source's devices " + state.devices() + " differ from this command line's "
                    + devices);
        }
        return state;
    }

    private void receiveDevices(MigrationStream s) throws IOException, Failure {
        int n = s.recvInt();
        if (n != SnapshotTables.DEVICES.size()) {
            throw new Failure("migrate_devs: the source sends " + n + " devices, this bhyve's table has "
                    + SnapshotTables.DEVICES.size());
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MigrationStream.Header h = s.recvHeader();
            if (h.type() != MigrationStream.TYPE_DEV || h.len() < 0 || h.len() > MAX_BLOB) {
                throw new Failure("migrate_recv_dev: Could not recv msg for device (type " + h.type() + ", length "
                        + h.len() + ")");
            }
            byte[] blob = s.recv((int) h.len());
            seen.add(h.name());
            byte[] mine = SnapshotTables.deviceBlob(h.name(), devices);
            if (blob.length == 0) {
                MigrationSender.line(err, "migrate_recv_dev: Did not restore " + h.name() + " dev. Assuming unused. Continuing...");
            }
            if (!java.util.Arrays.equals(blob, mine)) {
                throw new Failure("migrate_recv_dev: Could not restore " + h.name() + " dev: the source has ["
                        + new String(blob, StandardCharsets.UTF_8) + "], this command line ["
                        + new String(mine, StandardCharsets.UTF_8) + "]");
            }
        }
        if (!seen.equals(SnapshotTables.DEVICES)) {
            throw new Failure("migrate_devs: the source's device table " + seen + " differs from " + SnapshotTables.DEVICES);
        }
    }
}
