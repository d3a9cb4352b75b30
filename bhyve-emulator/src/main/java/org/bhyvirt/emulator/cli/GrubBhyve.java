package org.bhyvirt.emulator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code grub-bhyve [-r root] [-m device.map] [-M mem] [-c cons-dev] ... vmname}: argp-style options as
 * grub2-bhyve takes them ({@code --opt VALUE}, {@code --opt=VALUE}, {@code -o VALUE}); {@code --help}
 * lists {@code --cons-dev}. Checks the memory size, the device map and the disks it maps, then creates
 * the VM with its memory and exits 0, as if GRUB had loaded the guest. Errors exit 1.
 */
public final class GrubBhyve {
    private static final Map<String, String> LONG = Map.of("root", "r", "device-map", "m", "memory", "M",
            "cons-dev", "c", "directory", "d", "gdb", "g", "evga", "e", "no-mem-wire", "n", "wire-memory", "S",
            "verbose", "v");
    private static final List<String> WITH_ARG = List.of("r", "m", "M", "c", "d", "g");
    static final String HELP = String.join("\n",
            "Usage: grub-bhyve [OPTION...] vmname",
            "",
            "  -r, --root=DEVICE_NAME     Set root device.",
            "  -m, --device-map=FILE      use FILE as the device map [default=/boot/grub/device.map]",
            "  -M, --memory=MBYTES        guest RAM in MBytes [default=256]",
            "  -c, --cons-dev=cons-dev    a tty(4) device to use for terminal I/O",
            "  -d, --directory=DIR        use GRUB files in the directory DIR",
            "  -e, --evga                 enable VGA output",
            "  -g, --gdb=PORT             enable the GDB stub on PORT",
            "  -S, --wire-memory          wire guest memory",
            "  -v, --verbose              print verbose messages",
            "  -?, --help                 give this help list",
            "  -V, --version              print program version");

    private GrubBhyve() {
    }

    /** Entry point of the {@code grub-bhyve} launcher. */
    public static void main(String[] args) {
        Programs.exit("grub-bhyve", 1, () -> run(args));
    }

    static int run(String[] args) throws IOException {
        String deviceMap = "/boot/grub/device.map";
        String memory = "256";
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-?") || a.equals("-h")) {
                System.out.println(HELP);
                return 0;
            }
            String key;
            String value = null;
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String longName = eq < 0 ? a.substring(2) : a.substring(2, eq);
                key = LONG.get(longName);
                if (key == null) {
                    throw new ExitException(64, "grub-bhyve: unrecognized option '" + a + "'\n"
                            + "Try `grub-bhyve --help' or `grub-bhyve --usage' for more information.");
                }
                value = eq < 0 ? null : a.substring(eq + 1);
            } else if (a.startsWith("-") && a.length() >= 2) {
                key = a.substring(1, 2);
                value = a.length() > 2 ? a.substring(2) : null;
                if (!LONG.containsValue(key)) {
                    throw new ExitException(64, "grub-bhyve: invalid option -- '" + key + "'\n"
                            + "Try `grub-bhyve --help' or `grub-bhyve --usage' for more information.");
                }
            } else {
                if (name != null) {
                    throw new ExitException(64, "grub-bhyve: too many arguments");
                }
                name = a;
                continue;
            }
            if (WITH_ARG.contains(key) && value == null) {
                if (i + 1 >= args.length) {
                    throw new ExitException(64, "grub-bhyve: option '" + a + "' requires an argument");
                }
                value = args[++i];
            }
            if (key.equals("m")) {
                deviceMap = value;
            } else if (key.equals("M")) {
                memory = value;
            }
        }
        if (name == null) {
            throw new ExitException(64, "grub-bhyve: vmname not specified");
        }
        OptionalLong mem = MemSize.parse(memory);
        if (mem.isEmpty()) {
            throw new ExitException(1, "grub-bhyve: invalid memory size '" + memory + "'");
        }
        checkDeviceMap(Path.of(deviceMap));
        VmCreation.createWithMemory("grub-bhyve", name, mem.getAsLong());
        return 0;
    }

    private static void checkDeviceMap(Path map) throws IOException {
        if (!Files.isRegularFile(map)) {
            throw new ExitException(1, "grub-bhyve: error: cannot open `" + map + "': No such file or directory.");
        }
        for (String line : Files.readAllLines(map)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int close = l.indexOf(')');
            if (!l.startsWith("(") || close < 0) {
                throw new ExitException(1, "grub-bhyve: error: invalid device map line `" + l + "'.");
            }
            String path = l.substring(close + 1).strip();
            if (path.isEmpty() || !Files.exists(Path.of(path))) {
                throw new ExitException(1, "grub-bhyve: error: cannot open `" + path + "' in the device map " + map + ".");
            }
        }
    }
}
