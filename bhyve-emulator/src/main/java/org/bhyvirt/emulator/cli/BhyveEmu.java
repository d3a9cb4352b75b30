package org.bhyvirt.emulator.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bhyvirt.emulator.control.ControlClient;
import org.bhyvirt.emulator.control.ControlCommand;
import org.bhyvirt.emulator.control.Json;
import org.bhyvirt.emulator.guest.GuestImageHeader;
import org.bhyvirt.emulator.guest.Workload;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * The emulator's own tool (not a bhyve program):
 * {@code bhyve-emu guest-image [--working-set S] [--write-rate R] [--pattern P] [--free S] [--zero S]
 * [--acpi honor|ignore] [--size SIZE] FILE} writes a guest disk image (the header padded to a 512-byte
 * sector, then zeros up to SIZE, default 1MiB, sparse); {@code bhyve-emu ctl --vm=NAME COMMAND [FILE]}
 * (or {@code ... ctl --vm=NAME COMMAND NUMBER} for throttle and debug-drop-dirty)
 * sends a control command and prints the JSON answer (exit 0), or prints the error on stderr (exit 1).
 */
public final class BhyveEmu {
    private static final String USAGE = "usage: bhyve-emu guest-image [--working-set 50%|256MiB] [--write-rate 64MiB/s]\n"
            + "                 [--pattern sequential|random|hotspot] [--free 20%] [--zero 10%] [--acpi honor|ignore]\n"
            + "                 [--size 1MiB] FILE\n"
            + "       bhyve-emu ctl --vm=NAME status|self-check|reboot|poweroff|halt|triple-fault|error\n"
            + "       bhyve-emu ctl --vm=NAME checkpoint|suspend|save-state|restore-state FILE\n"
            + "       bhyve-emu ctl --vm=NAME pause|resume\n"
            + "       bhyve-emu ctl --vm=NAME throttle PERCENT|debug-drop-dirty N";
    private static final Set<String> IMAGE_KEYS = Set.of("working-set", "write-rate", "pattern", "free", "zero", "acpi");

    private BhyveEmu() {
    }

    /** Entry point of the {@code bhyve-emu} launcher. */
    public static void main(String[] args) {
        Programs.exit("bhyve-emu", 1, () -> run(args));
    }

    static int run(String[] args) throws IOException {
        if (args.length == 0) {
            throw new ExitException(1, USAGE);
        }
        if (Set.of("-h", "--help", "help").contains(args[0]) || java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return 0;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "guest-image" -> guestImage(rest);
            case "ctl" -> ctl(rest);
            default -> throw new ExitException(1, "bhyve-emu: unknown command '" + args[0] + "'\n" + USAGE);
        };
    }

    private static int guestImage(String[] args) throws IOException {
        Map<String, String> kv = new LinkedHashMap<>();
        String size = "1MiB";
        String file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (file != null) {
                    throw new ExitException(1, "bhyve-emu: more than one FILE given\n" + USAGE);
                }
                file = a;
                continue;
            }
            int eq = a.indexOf('=');
            String key = eq < 0 ? a.substring(2) : a.substring(2, eq);
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ExitException(1, "bhyve-emu: option --" + key + " needs a value");
            }
            if (key.equals("size")) {
                size = value;
            } else if (IMAGE_KEYS.contains(key)) {
                kv.put(key, value);
            } else {
                throw new ExitException(1, "bhyve-emu: unknown option --" + key + "\n" + USAGE);
            }
        }
        if (file == null) {
            throw new ExitException(1, "bhyve-emu: no FILE given\n" + USAGE);
        }
        Workload w;
        long bytes;
        try {
            w = GuestImageHeader.fromMap(kv);
            bytes = sizeOf(size);
        } catch (IllegalArgumentException e) {
            throw new ExitException(1, "bhyve-emu: " + e.getMessage());
        }
        byte[] header = GuestImageHeader.format(w).getBytes(StandardCharsets.UTF_8);
        long padded = (header.length + 511) / 512 * 512;
        if (bytes < padded) {
            throw new ExitException(1, "bhyve-emu: --size " + size + " is smaller than the header (" + padded + " bytes)");
        }
        try (RandomAccessFile f = new RandomAccessFile(Path.of(file).toFile(), "rw")) {
            f.setLength(0);
            f.write(header);
            f.setLength(bytes);
        }
        return 0;
    }

    private static long sizeOf(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        String[] units = {"kib", "mib", "gib", "tib"};
        for (int k = 0; k < units.length; k++) {
            if (t.endsWith(units[k]) || t.endsWith(units[k].substring(0, 1))) {
                mult = 1L << (10 * (k + 1));
                t = t.endsWith(units[k]) ? t.substring(0, t.length() - 3) : t.substring(0, t.length() - 1);
                break;
            }
        }
        if (!t.matches("[0-9]{1,12}")) {
            throw new IllegalArgumentException("--size '" + s + "' is not a size such as 1MiB");
        }
        return Long.parseLong(t) * mult;
    }

    private static int ctl(String[] args) throws IOException {
        if (args.length < 2 || !args[0].startsWith("--vm=") || args.length > 3) {
            throw new ExitException(1, USAGE);
        }
        String vm = args[0].substring(5);
        ControlCommand cmd = ControlCommand.byWireName(args[1])
                .orElseThrow(() -> new ExitException(1, "bhyve-emu: unknown control command '" + args[1] + "'\n" + USAGE));
        String arg = null;
        if (cmd.takesArgument()) {
            if (args.length != 3) {
                throw new ExitException(1, "bhyve-emu: " + cmd.wireName() + (cmd.argumentIsPath() ? " needs a FILE" : " needs a number"));
            }
            arg = cmd.argumentIsPath() ? Path.of(args[2]).toAbsolutePath().toString() : args[2];
        } else if (args.length != 2) {
            throw new ExitException(1, USAGE);
        }
        VmPaths paths = VmPaths.of(vm);
        if (!VmPaths.validName(vm) || !paths.exists()) {
            throw new ExitException(1, "bhyve-emu: no VM named '" + vm + "' in " + paths.emuDir());
        }
        Map<String, Object> answer;
        try {
            answer = ControlClient.request(paths.controlSocket(), cmd.wireName(), arg);
        } catch (IOException e) {
            throw new ExitException(1, "bhyve-emu: VM '" + vm + "' has no running bhyve to answer: " + e.getMessage());
        }
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new ExitException(1, "bhyve-emu: " + cmd.wireName() + " failed: " + answer.get("error"));
        }
        System.out.println(Json.write(answer));
        return 0;
    }
}
