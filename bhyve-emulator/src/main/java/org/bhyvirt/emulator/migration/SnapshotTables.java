package org.bhyvirt.emulator.migration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The two tables both sides must share because the stream does not carry them: the kernel structs in
 * {@code snapshot_kern_structs[]} order with their {@code enum snapshot_req} codes, and the device table
 * ({@code snapshot_devs[]} of 13.x). Also how the emulator fills a device's blob: the command line's
 * {@code slot:func,emulation} entries of that emulation, one per line.
 */
final class SnapshotTables {
    /** A kernel struct: its debug name and {@code snapshot_req} code. */
    record KernStruct(String name, int req) {
    }

    /** The struct whose blob carries the emulator's kernel state. */
    static final String VM_STRUCT = "vm";

    static final List<KernStruct> KERN_STRUCTS = List.of(new KernStruct("vhpet", 5), new KernStruct("vm", 2),
            new KernStruct("vmx", 0), new KernStruct("vioapic", 1), new KernStruct("vlapic", 3),
            new KernStruct("vmcx", 6), new KernStruct("vatpit", 8), new KernStruct("vatpic", 7),
            new KernStruct("vpmtmr", 9), new KernStruct("vrtc", 10));

    static final List<String> DEVICES = List.of("atkbdc", "virtio-net", "virtio-blk", "virtio-rnd", "lpc", "fbuf",
            "xhci", "e1000", "ahci", "ahci-hd", "ahci-cd");

    private SnapshotTables() {
    }

    /** The blob of table device {@code dev} for a VM with {@code devices} ({@code slot:func,emulation}); empty if unused. */
    static byte[] deviceBlob(String dev, List<String> devices) {
        List<String> mine = new ArrayList<>();
        for (String d : devices) {
            if (d.substring(d.indexOf(',') + 1).equals(dev)) {
                mine.add(d);
            }
        }
        return String.join("\n", mine).getBytes(StandardCharsets.UTF_8);
    }
}
