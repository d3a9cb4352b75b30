package org.bhyvirt.emulator.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bhyvirt.emulator.control.Json;

/**
 * The contents of {@code FILE.meta} (JSON): what a restore must match. {@code devices} are the
 * {@code -s} arguments of the saving bhyve as {@code slot:func,emulation} (the backing paths may
 * differ on restore, the emulations in their slots may not). {@code "memory"} says where the guest memory
 * is: {@code "file"} (the default when absent) = in {@code FILE}, which a restore copies into the VM;
 * {@code "in-place"} = already in the VM's memory (a {@code save-state} of a paused guest, or an incoming
 * VM whose memory a migration target has written), so a restore uses the VM's memory as it is;
 * {@code "incoming"} = in place and still arriving, the vCPU and device state not here at all: the
 * restoring bhyve maps the VM and waits paused until {@code restore-state} and {@code resume} come
 * over its control socket (a migration destination started at prepare; {@code FILE.kern} is absent,
 * {@code devices} empty: the state brings and checks them).
 */
public record CheckpointMeta(int formatVersion, String vmName, long memSize, long lowmem, long highmem,
                             int vcpus, List<String> devices, long kernSize, boolean memoryInPlace,
                             boolean awaitsState) {
    /** The version this emulator writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** Metadata of a checkpoint whose memory is in {@code FILE}. */
    public CheckpointMeta(int formatVersion, String vmName, long memSize, long lowmem, long highmem,
                          int vcpus, List<String> devices, long kernSize) {
        this(formatVersion, vmName, memSize, lowmem, highmem, vcpus, devices, kernSize, false, false);
    }

    /** Metadata of a checkpoint whose memory is in {@code FILE} or (memoryInPlace) in the VM. */
    public CheckpointMeta(int formatVersion, String vmName, long memSize, long lowmem, long highmem,
                          int vcpus, List<String> devices, long kernSize, boolean memoryInPlace) {
        this(formatVersion, vmName, memSize, lowmem, highmem, vcpus, devices, kernSize, memoryInPlace, false);
    }

    public CheckpointMeta {
        devices = List.copyOf(devices);
        if (awaitsState && !memoryInPlace) {
            throw new IllegalArgumentException("a checkpoint awaiting its state has its memory in place");
        }
    }

    /** The JSON text. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "bhyvirt-emulator-checkpoint");
        m.put("formatVersion", formatVersion);
        m.put("vmname", vmName);
        m.put("memsize", memSize);
        m.put("lowmem", lowmem);
        m.put("highmem", highmem);
        m.put("pageSize", 4096);
        m.put("ncpus", vcpus);
        m.put("devices", devices);
        m.put("kernSize", kernSize);
        m.put("memory", awaitsState ? "incoming" : memoryInPlace ? "in-place" : "file");
        return Json.write(m) + "\n";
    }

    /** Reads the JSON text; throws IllegalArgumentException naming the missing or bad field. */
    public static CheckpointMeta fromJson(String text) {
        Map<String, Object> m = Json.parseObject(text);
        if (!"bhyvirt-emulator-checkpoint".equals(m.get("format"))) {
            throw new IllegalArgumentException("not a bhyvirt emulator checkpoint (field 'format')");
        }
        List<String> devices = new ArrayList<>();
        if (!(m.get("devices") instanceof List<?> l)) {
            throw new IllegalArgumentException("checkpoint metadata lacks 'devices'");
        }
        for (Object o : l) {
            devices.add(String.valueOf(o));
        }
        Object memory = m.getOrDefault("memory", "file");
        if (!"file".equals(memory) && !"in-place".equals(memory) && !"incoming".equals(memory)) {
            throw new IllegalArgumentException(
                    "checkpoint metadata field 'memory' is none of \"file\", \"in-place\", \"incoming\"");
        }
        return new CheckpointMeta((int) num(m, "formatVersion"), str(m, "vmname"), num(m, "memsize"), num(m, "lowmem"),
                num(m, "highmem"), (int) num(m, "ncpus"), List.copyOf(devices), num(m, "kernSize"),
                !"file".equals(memory), "incoming".equals(memory));
    }

    private static long num(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Long v)) {
            throw new IllegalArgumentException("checkpoint metadata field '" + key + "' missing or not an integer");
        }
        return v;
    }

    private static String str(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String v)) {
            throw new IllegalArgumentException("checkpoint metadata field '" + key + "' missing or not a string");
        }
        return v;
    }
}
