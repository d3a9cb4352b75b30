package org.bhyvirt.emulator.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bhyvirt.emulator.guest.VcpuState;

/**
 * The contents of {@code FILE.kern}: the vCPU and device state of the guest. Binary, big-endian:
 * magic {@code BHYVKERN}, int version (1), UTF workload header text, int vCPU count, then per vCPU
 * int id, long rng, long cursor, long populateNext, long pagesWritten; int device count, then per
 * device a UTF {@code slot:func,emulation}; finally the magic {@code KERN-END}.
 */
public record KernelState(String workloadHeader, List<VcpuState> vcpus, List<String> devices) {
    /** The version written. */
    public static final int VERSION = 1;
    private static final long MAGIC = 0x4248_5956_4B45_524EL;
    private static final long END = 0x4B45_524E_2D45_4E44L;
    private static final int MAX_VCPUS = 1024;
    private static final int MAX_DEVICES = 256;

    /** The bytes of the file. */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(workloadHeader);
            out.writeInt(vcpus.size());
            for (VcpuState v : vcpus) {
                out.writeInt(v.id());
                out.writeLong(v.rng());
                out.writeLong(v.cursor());
                out.writeLong(v.populateNext());
                out.writeLong(v.pagesWritten());
            }
            out.writeInt(devices.size());
            for (String d : devices) {
                out.writeUTF(d);
            }
            out.writeLong(END);
        }
        return b.toByteArray();
    }

    /** Reads the file's bytes; throws IOException naming what is wrong. */
    public static KernelState fromBytes(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readLong() != MAGIC) {
                throw new IOException("not a bhyvirt emulator kernel state file (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("kernel state version " + version + " not supported (expected " + VERSION + ")");
            }
            String header = in.readUTF();
            int n = in.readInt();
            if (n < 1 || n > MAX_VCPUS) {
                throw new IOException("kernel state has " + n + " vCPUs");
            }
            List<VcpuState> vcpus = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                vcpus.add(new VcpuState(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            }
            int d = in.readInt();
            if (d < 0 || d > MAX_DEVICES) {
                throw new IOException("kernel state has " + d + " devices");
            }
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < d; i++) {
                devices.add(in.readUTF());
            }
            if (in.readLong() != END) {
                throw new IOException("kernel state file is truncated or has trailing data");
            }
            return new KernelState(header, List.copyOf(vcpus), List.copyOf(devices));
        } catch (java.io.EOFException e) {
            throw new IOException("kernel state file is truncated", e);
        }
    }
}
