package org.bhyvirt.driver.vmm;

import java.util.Arrays;
import java.util.Objects;

/**
 * The vCPU and device state of a paused guest (everything but its memory): an opaque, versioned blob
 * plus the {@link VmStateMetadata} that says what it fits. Immutable: the blob is copied in and out.
 * Blobs are small (the emulator's is under a few KiB per vCPU); at most {@link #MAX_BLOB} bytes.
 *
 * @param metadata what the blob belongs to
 * @param blob     the implementation's state bytes
 */
public record VmState(VmStateMetadata metadata, byte[] blob) {
    /** Largest blob accepted: 64 MiB. */
    public static final int MAX_BLOB = 64 << 20;

    public VmState {
        Objects.requireNonNull(metadata, "metadata");
        if (blob.length > MAX_BLOB) {
            throw new IllegalArgumentException("VM state of " + blob.length + " bytes exceeds " + MAX_BLOB);
        }
        blob = blob.clone();
    }

    /** A copy of the blob. */
    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** Blob size in bytes. */
    public int size() {
        return blob.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VmState s && s.metadata.equals(metadata) && Arrays.equals(s.blob, blob);
    }

    @Override
    public int hashCode() {
        return metadata.hashCode() * 31 + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "VmState[" + metadata + ", " + blob.length + " bytes]";
    }
}
