package org.bhyvirt.migration.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.VmStateMetadata;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * Carries a {@link VmState} as DEVICE_STATE frames and back, losslessly: one KERNEL frame
 * {@value #META} with the metadata as UTF-8 lines (format, version, vCPUs, memory bytes, then one
 * device per line), then the opaque blob in KERNEL frames {@value #BLOB} of at most
 * {@link Protocol#MAX_STATE_BYTES} each, in order. {@link Assembler} refuses anything else with a
 * MigrationException naming the frame.
 */
final class StateCodec {
    static final String META = "vmm-meta";
    static final String BLOB = "vmm-state";

    private StateCodec() {
    }

    /** The frames carrying {@code state}. */
    static List<Frame.DeviceState> frames(VmState state) {
        VmStateMetadata m = state.metadata();
        StringBuilder sb = new StringBuilder();
        sb.append(m.format()).append('\n').append(m.version()).append('\n').append(m.vcpus()).append('\n')
                .append(m.memoryBytes());
        for (String d : m.devices()) {
            sb.append('\n').append(d);
        }
        List<Frame.DeviceState> out = new ArrayList<>();
        out.add(new Frame.DeviceState(Frame.StateKind.KERNEL, META, sb.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] blob = state.blob();
        int off = 0;
        do {
            int n = Math.min(Protocol.MAX_STATE_BYTES, blob.length - off);
            out.add(new Frame.DeviceState(Frame.StateKind.KERNEL, BLOB, Arrays.copyOfRange(blob, off, off + n)));
            off += n;
        } while (off < blob.length);
        return out;
    }

    /** Collects DEVICE_STATE frames on the destination into the VmState they carry. */
    static final class Assembler {
        private VmStateMetadata metadata;
        private final ByteArrayOutputStream blob = new ByteArrayOutputStream();
        private boolean sawBlob;

        void accept(Frame.DeviceState f) {
            if (f.kind() == Frame.StateKind.KERNEL && f.name().equals(META) && metadata == null) {
                String[] lines = new String(f.data(), StandardCharsets.UTF_8).split("\n", -1);
                try {
                    metadata = new VmStateMetadata(lines[0], Integer.parseInt(lines[1]), Integer.parseInt(lines[2]),
                            Long.parseLong(lines[3]), Arrays.asList(lines).subList(4, lines.length));
                } catch (RuntimeException e) {
                    throw refuse("unreadable state metadata: " + e.getMessage());
                }
            } else if (f.kind() == Frame.StateKind.KERNEL && f.name().equals(BLOB) && metadata != null) {
                if (blob.size() + (long) f.data().length > VmState.MAX_BLOB) {
                    throw refuse("state larger than " + VmState.MAX_BLOB + " bytes");
                }
                blob.writeBytes(f.data());
                sawBlob = true;
            } else {
                throw refuse("unexpected state frame " + f);
            }
        }

        /** The assembled state. */
        VmState state() {
            if (metadata == null || !sawBlob) {
                throw refuse("the stream completed without the VM's state");
            }
            return new VmState(metadata, blob.toByteArray());
        }

        private static MigrationException refuse(String message) {
            return new MigrationException(MigrationException.Code.RPC, MigrationPhase.PERFORM, "STATE", message);
        }
    }
}
