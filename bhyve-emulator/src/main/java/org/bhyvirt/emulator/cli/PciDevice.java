package org.bhyvirt.emulator.cli;

import java.util.List;

/**
 * One {@code -s bus:slot:func,emulation[,config]} of a bhyve command line, as bhyve's
 * {@code pci_parse_slot} splits it. {@code config} is the text after the second comma (empty if none),
 * {@code options} the same split on commas.
 */
public record PciDevice(int bus, int slot, int function, String emulation, String config) {

    /** The device's comma-separated configuration options (empty list when it has none). */
    public List<String> options() {
        return config.isEmpty() ? List.of() : List.of(config.split(",", -1));
    }

    /** The slot as bhyve prints it in messages: {@code bus:slot:func}. */
    public String address() {
        return bus + ":" + slot + ":" + function;
    }

    /** The {@code -s} argument that reproduces this device. */
    public String argument() {
        return slot + ":" + function + "," + emulation + (config.isEmpty() ? "" : "," + config);
    }
}
