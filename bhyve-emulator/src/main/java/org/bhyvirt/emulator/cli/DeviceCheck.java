package org.bhyvirt.emulator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.bhyvirt.emulator.net.HostInterfaces;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * The checks bhyve's device emulations make when they initialise (backing files that must open, the tap
 * of a network device existing on the emulated host, see {@link HostInterfaces}, MAC addresses, frame
 * buffer options), each failing as bhyve does: a message then exit 4.
 */
final class DeviceCheck {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}");

    private DeviceCheck() {
    }

    static void check(PciDevice d) {
        List<String> opts = d.options();
        switch (d.emulation()) {
            case "ahci" -> {
                for (String o : opts) {
                    if (o.startsWith("hd:")) {
                        backing(d, o.substring(3));
                    } else if (o.startsWith("cd:") && o.length() > 3) {
                        backing(d, o.substring(3));
                    }
                }
            }
            case "ahci-hd", "virtio-blk" -> {
                if (opts.isEmpty()) {
                    fail(d, "block device path missing");
                }
                backing(d, opts.get(0));
            }
            case "ahci-cd" -> {
                if (!opts.isEmpty() && !opts.get(0).isEmpty()) {
                    backing(d, opts.get(0));
                }
            }
            case "nvme" -> {
                if (opts.isEmpty()) {
                    fail(d, "nvme: backing store not specified");
                }
                if (!opts.get(0).startsWith("ram=")) {
                    backing(d, opts.get(0));
                }
            }
            case "virtio-net", "e1000" -> {
                String backend = opts.isEmpty() ? "" : opts.get(0);
                if (backend.matches("(tap|vmnet)[0-9]+")
                        && !new HostInterfaces(VmPaths.currentEmuDir()).exists(backend)) {
                    fail(d, "open of tap device /dev/" + backend + " failed");
                }
                for (String o : opts) {
                    if (o.startsWith("mac=") && !MAC.matcher(o.substring(4)).matches()) {
                        fail(d, "Invalid MAC address \"" + o.substring(4) + "\"");
                    }
                }
            }
            case "fbuf" -> {
                for (String o : opts) {
                    String key = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
                    if (!BhyveOptionParser.fbufOptions().contains(key)) {
                        fail(d, "Invalid fbuf emulation \"" + o + "\"");
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void backing(PciDevice d, String path) {
        if (!Files.exists(Path.of(path))) {
            fail(d, "Could not open backing file: " + path + ": No such file or directory");
        }
    }

    private static void fail(PciDevice d, String what) {
        throw new ExitException(4, "bhyve: " + what + "\nbhyve: Device emulation initialization error: pci slot "
                + d.address() + " (" + d.emulation() + ")");
    }
}
