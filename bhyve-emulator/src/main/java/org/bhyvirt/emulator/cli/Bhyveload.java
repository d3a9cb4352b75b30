package org.bhyvirt.emulator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * {@code bhyveload [-S] [-c cons] [-d disk]... [-e name=value]... [-h host-path] [-m mem] [-l loader]
 * [-o key=value] vmname}: checks its arguments as bhyveload(8) does (usage and exit 1 on a getopt error or
 * a missing name; "Invalid memsize" and exit 1 on a bad -m; a disk that cannot be opened exits 1), then
 * creates the VM with its memory and exits 0, as if the guest kernel had been loaded.
 */
public final class Bhyveload {
    static final String USAGE = "usage: bhyveload [-S][-c <console-device>] [-d <disk-path>] [-e <name=value>]\n"
            + "                 [-h <host-path>] [-m memsize[K|k|M|m|G|g|T|t]] [-l os-loader] [-o key=value] <vmname>";

    private Bhyveload() {
    }

    /** Entry point of the {@code bhyveload} launcher. */
    public static void main(String[] args) {
        Programs.exit("bhyveload", 1, () -> run(args));
    }

    static int run(String[] args) throws java.io.IOException {
        Getopt g = new Getopt("bhyveload", args, "CSc:d:e:h:l:m:o:", System.err);
        long mem = 256L << 20;
        int disks = 0;
        String host = null;
        int c;
        while ((c = g.next()) != -1) {
            String a = g.optarg();
            switch (c) {
                case 'm' -> {
                    OptionalLong m = MemSize.parse(a);
                    if (m.isEmpty()) {
                        throw new ExitException(1, "bhyveload: Invalid memsize '" + a + "'");
                    }
                    mem = m.getAsLong();
                }
                case 'd' -> {
                    if (!Files.isReadable(Path.of(a)) || Files.isDirectory(Path.of(a))) {
                        throw new ExitException(1, "bhyveload: disk_open(" + a + "): No such file or directory");
                    }
                    if (++disks > 32) {
                        throw new ExitException(1, "bhyveload: disk_open(" + a + "): Result too large");
                    }
                }
                case 'e' -> {
                    if (!a.contains("=")) {
                        throw new ExitException(1, "bhyveload: invalid environment setting '" + a + "'");
                    }
                }
                case 'h' -> host = a;
                case '?' -> throw new ExitException(1, USAGE);
                default -> {
                }
            }
        }
        if (args.length - g.optind() != 1) {
            throw new ExitException(1, USAGE);
        }
        if (disks == 0 && host == null) {
            throw new ExitException(1, "bhyveload: no disk (-d) or host path (-h) to load the guest kernel from");
        }
        VmCreation.createWithMemory("bhyveload", args[g.optind()], mem);
        return 0;
    }
}
