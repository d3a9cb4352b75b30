package org.bhyvirt.driver.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * The virtual machine a migration must reproduce exactly on the destination, as bhyve builds it
 * from its command line: the vCPU count, the guest memory in bytes ({@code -m}) and the PCI devices
 * ({@code -s}), each as {@code SLOT,EMULATION} plus, for an AHCI controller, its port kinds
 * ({@code 2:0,ahci,hd,cd}). Host-side details that may differ between hosts without the guest
 * noticing (image paths, tap names, sockets) are left out; what the guest sees, and what bhyve's
 * saved device state depends on, is kept. Two hosts agree on a guest when their machines are equal.
 *
 * @param vcpus       the guest's vCPUs
 * @param memoryBytes the guest's memory
 * @param devices     the PCI devices in command-line order
 */
public record GuestMachine(int vcpus, long memoryBytes, List<String> devices) {

    public GuestMachine {
        devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
        if (vcpus < 1 || memoryBytes <= 0) {
            throw new IllegalArgumentException("bad guest machine: " + vcpus + " vCPUs, " + memoryBytes + " bytes");
        }
    }

    /** The machine of a bhyve command line whose guest has {@code vcpus} vCPUs. */
    public static GuestMachine of(int vcpus, List<String> bhyveArgv) {
        long memory = -1;
        List<String> devices = new ArrayList<>();
        for (int i = 0; i + 1 < bhyveArgv.size(); i++) {
            String option = bhyveArgv.get(i);
            if (option.equals("-m")) {
                memory = memoryBytes(bhyveArgv.get(++i));
            } else if (option.equals("-s")) {
                devices.add(device(bhyveArgv.get(++i)));
            }
        }
        if (memory <= 0) {
            throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR,
                    "the bhyve command line names no guest memory (-m): " + bhyveArgv);
        }
        return new GuestMachine(vcpus, memory, devices);
    }

    /**
     * One {@code -s} value as the guest sees it: slot and emulation, and an AHCI controller's
     * port kinds ({@code hd:PATH} and {@code cd:PATH} become {@code hd} and {@code cd}).
     */
    static String device(String slotValue) {
        String[] parts = slotValue.split(",");
        StringBuilder d = new StringBuilder(parts[0]);
        if (parts.length > 1) {
            d.append(',').append(parts[1]);
            if (parts[1].equals("ahci")) {
                for (int i = 2; i < parts.length; i++) {
                    int colon = parts[i].indexOf(':');
                    if (colon > 0) {
                        d.append(',').append(parts[i], 0, colon);
                    }
                }
            }
        }
        return d.toString();
    }

    /** bhyve's {@code -m} size: a number of megabytes, or with a k, m, g or t suffix. */
    static long memoryBytes(String size) {
        String s = size.strip().toLowerCase(Locale.ROOT);
        long unit = 1L << 20;
        if (!s.isEmpty() && "kmgt".indexOf(s.charAt(s.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmgt".indexOf(s.charAt(s.length() - 1)) + 1));
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR, "bad bhyve memory size '" + size + "'");
        }
    }

    /** What differs between this machine (the source's) and {@code here}, or empty when none does. */
    public String differenceFrom(GuestMachine here) {
        List<String> out = new ArrayList<>();
        if (vcpus != here.vcpus) {
            out.add(vcpus + " vCPUs against " + here.vcpus);
        }
        if (memoryBytes != here.memoryBytes) {
            out.add(memoryBytes + " bytes of memory against " + here.memoryBytes);
        }
        if (!devices.equals(here.devices)) {
            out.add("devices " + devices + " against " + here.devices);
        }
        return String.join("; ", out);
    }
}
