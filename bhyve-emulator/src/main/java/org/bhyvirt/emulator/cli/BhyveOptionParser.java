package org.bhyvirt.emulator.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns a bhyve argv into {@link BhyveOptions}, refusing what FreeBSD's bhyve(8) refuses with its
 * messages and exit statuses: getopt errors and a missing or extra VM name end in the usage text and
 * exit 1 ({@code usage(1)}), {@code -h} prints it and exits 0, a bad {@code -s} exits 4
 * ({@code pci_parse_slot}), a bad {@code -l}, {@code -m}, {@code -c}, {@code -p} or {@code -o} exits 64
 * ({@code errx(EX_USAGE, ...)}), a bootrom without a file and device initialisation errors exit 4.
 * Every device a current bhyve builds in is known, so capability probes find them all.
 */
public final class BhyveOptionParser {
    /** bhyve's {@code EX_USAGE} exit status for bad option values. */
    public static final int EX_USAGE = 64;
    /** The most vCPUs the emulated vmm(4) grants one VM (hw.vmm.maxcpu on the hosts we model). */
    public static final int MAX_VCPUS = 16;
    private static final String OPTSTRING = "aehuwxACDHIPSWYk:f:o:p:G:c:s:m:l:K:U:r:R:n:M";
    private static final Set<String> PCI_DEVICES = Set.of("hostbridge", "amd_hostbridge", "lpc", "ahci",
            "ahci-hd", "ahci-cd", "virtio-net", "virtio-blk", "virtio-rnd", "virtio-9p", "virtio-console",
            "virtio-scsi", "virtio-input", "e1000", "fbuf", "xhci", "hda", "nvme", "passthru", "uart");
    private static final Set<String> FBUF_OPTIONS = Set.of("tcp", "rfb", "w", "h", "vga", "password", "wait");
    private static final long DEFAULT_MEM = 256L << 20;

    /** bhyve's usage text (with the {@code -u:} line and the topology syntax of {@code -c}). */
    public static final String USAGE = String.join("\n",
            "Usage: bhyve [-AaCDeHhPSuWwxY]",
            "       bhyve [-c [[cpus=]numcpus][,sockets=n][,cores=n][,threads=n]]",
            "       bhyve [-G port] [-k config_file] [-l lpc] [-m mem] [-o var=value]",
            "       bhyve [-p vcpu:hostcpu] [-r file] [-s pci] [-U uuid] vmname",
            "       -A: create ACPI tables",
            "       -a: local apic is in xAPIC mode (deprecated)",
            "       -C: include guest memory in core file",
            "       -c: number of CPUs and/or topology specification",
            "       -D: destroy on power-off",
            "       -e: exit on unhandled I/O access",
            "       -G: start a debug server",
            "       -H: vmexit from the guest on HLT",
            "       -h: help",
            "       -k: key=value flat config file",
            "       -K: PS2 keyboard layout",
            "       -l: LPC device configuration",
            "       -m: memory size",
            "       -n: NUMA domain specification",
            "       -o: set config 'var' to 'value'",
            "       -P: vmexit from the guest on pause",
            "       -p: pin 'vcpu' to 'hostcpu'",
            "       -r: path to checkpoint file",
            "       -R: host[,port] to receive a migration from",
            "       -S: guest memory cannot be swapped",
            "       -s: <slot,driver,configinfo> PCI slot config",
            "       -U: UUID",
            "       -u: RTC keeps UTC time",
            "       -W: force virtio to use single-vector MSI",
            "       -w: ignore unimplemented MSRs",
            "       -x: local APIC is in x2APIC mode",
            "       -Y: disable MPtable generation");

    private final PrintStream err;

    /** A parser that prints getopt's diagnostics on {@code err}. */
    public BhyveOptionParser(PrintStream err) {
        this.err = err;
    }

    /** Parses and validates {@code args}; throws {@link ExitException} where bhyve would exit. */
    public BhyveOptions parse(String[] args) {
        Getopt g = new Getopt("bhyve", args, OPTSTRING, err);
        StringBuilder flags = new StringBuilder();
        List<PciDevice> devices = new ArrayList<>();
        Map<String, String> lpc = new LinkedHashMap<>();
        Map<String, String> config = new LinkedHashMap<>();
        String cpuSpec = null;
        String mem = null;
        String restore = null;
        int c;
        while ((c = g.next()) != -1) {
            String arg = g.optarg();
            switch (c) {
                case 'h' -> throw new ExitException(0, USAGE);
                case '?' -> throw new ExitException(1, USAGE);
                case 'c' -> cpuSpec = arg;
                case 'm' -> mem = arg;
                case 'r' -> restore = arg;
                case 's' -> devices.add(parseSlot(arg, devices));
                case 'l' -> parseLpc(arg, lpc);
                case 'o' -> parseConfig(arg, config);
                case 'p' -> parsePin(arg);
                case 'U' -> config.put("uuid", arg);
                case 'k', 'f', 'G', 'K', 'n', 'R' -> config.put("-" + (char) c, arg);
                default -> {
                    if (flags.indexOf(String.valueOf((char) c)) < 0) {
                        flags.append((char) c);
                    }
                }
            }
        }
        int operands = args.length - g.optind();
        if (operands != 1) {
            throw new ExitException(1, USAGE);
        }
        String name = args[g.optind()];
        long memBytes = DEFAULT_MEM;
        if (mem != null) {
            OptionalLong m = MemSize.parse(mem);
            if (m.isEmpty()) {
                throw new ExitException(EX_USAGE, "bhyve: invalid memsize '" + mem + "'");
            }
            memBytes = m.getAsLong();
        }
        List<Integer> topology = new ArrayList<>(List.of(1, 1, 1));
        int vcpus = cpuSpec == null ? 1 : parseTopology(cpuSpec, topology);
        if (vcpus > MAX_VCPUS) {
            throw new ExitException(4, vcpus + " vCPUs requested, only " + MAX_VCPUS + " available");
        }
        for (PciDevice d : devices) {
            DeviceCheck.check(d);
        }
        checkBootrom(lpc);
        return new BhyveOptions(name, vcpus, List.copyOf(topology), memBytes, flags.toString(),
                List.copyOf(devices), Map.copyOf(lpc), Optional.ofNullable(restore), Map.copyOf(config));
    }

    private static PciDevice parseSlot(String opt, List<PciDevice> seen) {
        if (!opt.isEmpty() && "help".startsWith(opt)) {
            throw new ExitException(0, String.join("\n", new java.util.TreeSet<>(PCI_DEVICES)));
        }
        int comma = opt.indexOf(',');
        if (comma < 0) {
            throw new ExitException(4, "Invalid PCI slot info field \"" + opt + "\"");
        }
        String where = opt.substring(0, comma);
        String rest = opt.substring(comma + 1);
        int c2 = rest.indexOf(',');
        String emul = c2 < 0 ? rest : rest.substring(0, c2);
        String cfg = c2 < 0 ? "" : rest.substring(c2 + 1);
        int[] bsf = parseBusSlotFunc(where);
        if (bsf == null || bsf[0] < 0 || bsf[0] >= 256 || bsf[1] < 0 || bsf[1] >= 32 || bsf[2] < 0 || bsf[2] >= 8) {
            throw new ExitException(4, "Invalid PCI slot info field \"" + opt + "\"");
        }
        String at = bsf[0] + ":" + bsf[1] + ":" + bsf[2];
        if (!PCI_DEVICES.contains(emul)) {
            throw new ExitException(4, "pci slot " + at + ": unknown device \"" + emul + "\"");
        }
        for (PciDevice d : seen) {
            if (d.address().equals(at)) {
                throw new ExitException(4, "pci slot " + at + " already occupied!");
            }
        }
        return new PciDevice(bsf[0], bsf[1], bsf[2], emul, cfg);
    }

    /** {@code b:s:f}, {@code s:f} or {@code s}, tried in that order as bhyve's sscanf calls do; null if none fits. */
    private static int[] parseBusSlotFunc(String s) {
        String[] parts = s.split(":", -1);
        Integer[] n = new Integer[Math.min(parts.length, 3)];
        for (int i = 0; i < n.length; i++) {
            n[i] = leadingInt(parts[i]);
        }
        if (n.length == 3 && n[0] != null && n[1] != null && n[2] != null) {
            return new int[] {n[0], n[1], n[2]};
        }
        if (n.length >= 2 && n[0] != null && n[1] != null) {
            return new int[] {0, n[0], n[1]};
        }
        return n[0] == null ? null : new int[] {0, n[0], 0};
    }

    private static Integer leadingInt(String s) {
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == start || i - start > 9) {
            return null;
        }
        return Integer.parseInt(s.substring(0, i));
    }

    private static void parseLpc(String opt, Map<String, String> lpc) {
        if (!opt.isEmpty() && "help".startsWith(opt)) {
            throw new ExitException(0, "bootrom\ncom1\ncom2\ncom3\ncom4\npc-testdev\ntpm");
        }
        int comma = opt.indexOf(',');
        String dev = comma < 0 ? opt : opt.substring(0, comma);
        String rest = comma < 0 ? null : opt.substring(comma + 1);
        String lower = dev.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("bootrom")) {
            if (rest == null) {
                throw new ExitException(4, "bhyve: invalid bootrom option \"" + opt + "\"");
            }
            lpc.put("bootrom", rest);
            return;
        }
        if (lower.matches("com[1-4]") && rest != null && !rest.isEmpty()) {
            lpc.put(lower, rest);
            return;
        }
        if (lower.equals("pc-testdev") || lower.equals("tpm") && rest != null) {
            lpc.put(lower, rest == null ? "" : rest);
            return;
        }
        throw new ExitException(EX_USAGE, "bhyve: invalid lpc device configuration '" + opt + "'");
    }

    private static void checkBootrom(Map<String, String> lpc) {
        String rom = lpc.get("bootrom");
        if (rom != null) {
            String romFile = rom.split(",", -1)[0];
            if (!Files.isRegularFile(Path.of(romFile))) {
                throw new ExitException(4, "bhyve: Error opening bootrom \"" + romFile + "\": No such file or directory");
            }
        }
    }

    private static void parseConfig(String opt, Map<String, String> config) {
        int eq = opt.indexOf('=');
        if (eq <= 0) {
            throw new ExitException(EX_USAGE, "bhyve: invalid configuration option '" + opt + "'");
        }
        config.put(opt.substring(0, eq), opt.substring(eq + 1));
    }

    private static void parsePin(String opt) {
        String[] p = opt.split(":", -1);
        Integer vcpu = p.length == 2 ? leadingInt(p[0]) : null;
        Integer host = p.length == 2 ? leadingInt(p[1]) : null;
        if (vcpu == null || host == null || !p[0].equals(vcpu.toString()) || !p[1].equals(host.toString())) {
            throw new ExitException(EX_USAGE, "bhyve: invalid vcpu pinning configuration '" + opt + "'");
        }
        if (vcpu < 0 || vcpu >= MAX_VCPUS) {
            throw new ExitException(EX_USAGE, "bhyve: vcpu '" + vcpu + "' outside valid range from 0 to " + (MAX_VCPUS - 1));
        }
    }

    /** bhyve's {@code topology_parse} plus {@code calc_topology}; fills {@code topology} and returns the vCPU count. */
    private static int parseTopology(String spec, List<Integer> topology) {
        Integer cpus = null;
        int[] stc = {0, 0, 0};
        String[] keys = {"sockets=", "cores=", "threads="};
        for (String part : spec.split(",", -1)) {
            boolean matched = false;
            for (int i = 0; i < keys.length; i++) {
                if (part.startsWith(keys[i])) {
                    stc[i] = positive(keys[i], part.substring(keys[i].length()), spec);
                    matched = true;
                }
            }
            if (matched) {
                continue;
            }
            if (part.startsWith("cpus=")) {
                cpus = positive("cpus=", part.substring(5), spec);
            } else if (part.indexOf('=') >= 0 || part.isEmpty() && !spec.isEmpty()) {
                throw new ExitException(EX_USAGE, "bhyve: invalid cpu topology '" + spec + "'");
            } else if (!part.isEmpty()) {
                cpus = positive("cpus=", part, spec);
            }
        }
        int sockets = stc[0] == 0 ? 1 : stc[0];
        int cores = stc[1] == 0 ? 1 : stc[1];
        int threads = stc[2] == 0 ? 1 : stc[2];
        int product = sockets * cores * threads;
        if (cpus == null) {
            cpus = product;
        } else if (stc[0] == 0 && stc[1] == 0 && stc[2] == 0) {
            sockets = cpus;
            product = cpus;
        }
        if (cpus != product) {
            throw new ExitException(4, "bhyve: Topology (" + sockets + " sockets, " + cores + " cores, " + threads
                    + " threads) does not match " + cpus + " vCPUs");
        }
        topology.set(0, sockets);
        topology.set(1, cores);
        topology.set(2, threads);
        return cpus;
    }

    private static int positive(String key, String value, String spec) {
        Integer n = leadingInt(value);
        if (n == null || !value.equals(n.toString()) || n < 1 || n > 65535) {
            throw new ExitException(EX_USAGE, "bhyve: invalid cpu topology '" + spec + "'");
        }
        return n;
    }

    /** The configuration options a frame buffer accepts (for {@link DeviceCheck}). */
    static Set<String> fbufOptions() {
        return FBUF_OPTIONS;
    }
}
