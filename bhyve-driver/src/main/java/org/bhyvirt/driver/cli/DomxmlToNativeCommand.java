package org.bhyvirt.driver.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.BhyveCapability;
import org.bhyvirt.driver.argv.BhyveCapabilityProbe;
import org.bhyvirt.driver.argv.GrubCapability;
import org.bhyvirt.driver.argv.NativeArgv;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.ParseOptions;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * {@code domxml-to-native FILE [--caps all|probe:PATH_TO_BHYVE] [--firmware-dir DIR]}: prints
 * the command lines libvirt's {@code virsh domxml-to-native bhyve-argv} prints for a domain XML
 * file: the loader line first (none when a UEFI loader boots the guest), then the bhyve line, each
 * on one line and shell-quoted, with libvirt's dry-run tap name {@code tap0} and the device.map
 * path {@code <device.map>}. As in libvirt, a UEFI {@code <loader>} must be a read-only pflash.
 * Unlike libvirt 11.3, {@code <os firmware='efi'>} is prepared first (the firmware is
 * autoselected in the firmware directory), so the bhyve line shows the bootrom the guest would
 * really get. Capabilities are all of them by default, or probed from the given
 * bhyve program (grub-bhyve is looked up on the PATH). A refusal prints libvirt's error number
 * and message and exits 1; a usage error exits 2.
 */
public final class DomxmlToNativeCommand {

    /** libvirt's default firmware_dir on FreeBSD. */
    static final Path DEFAULT_FIRMWARE_DIR = Path.of("/usr/local/share/uefi-firmware");

    private DomxmlToNativeCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        try {
            Optional<Options> options = Options.parse(args);
            if (options.isEmpty()) {
                err.println("usage: domxml-to-native FILE [--caps all|probe:PATH_TO_BHYVE] [--firmware-dir DIR]");
                return 2;
            }
            Options o = options.get();
            String xml;
            try {
                xml = Files.readString(o.file(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("error: cannot read " + o.file() + ": " + e.getMessage());
                return 1;
            }
            for (String line : render(xml, o.capabilities(), DomainXmlCodec.standard())) {
                out.println(line);
            }
            out.flush();
            return 0;
        } catch (BhyveDriverException e) {
            err.println("error: " + e.getMessage() + " (" + e.number() + " " + e.number().code() + ")");
            return 1;
        }
    }

    /** The lines {@code virsh domxml-to-native bhyve-argv} prints for {@code xml}. */
    static List<String> render(String xml, BhyveCapabilities caps, DomainXmlCodec codec) {
        ParseOptions parse = caps.parseOptions();
        DomainDef def = codec.parse(xml, parse);
        return NativeArgv.lines(def, caps);
    }

    /** The parsed command line. */
    record Options(Path file, BhyveCapabilities capabilities) {

        static Optional<Options> parse(String[] args) {
            Path file = null;
            String caps = "all";
            Path firmwareDir = DEFAULT_FIRMWARE_DIR;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--caps" -> {
                        if (++i >= args.length) {
                            return Optional.empty();
                        }
                        caps = args[i];
                    }
                    case "--firmware-dir" -> {
                        if (++i >= args.length) {
                            return Optional.empty();
                        }
                        firmwareDir = Path.of(args[i]);
                    }
                    default -> {
                        if (file != null || args[i].startsWith("--")) {
                            return Optional.empty();
                        }
                        file = Path.of(args[i]);
                    }
                }
            }
            if (file == null) {
                return Optional.empty();
            }
            if (caps.equals("all")) {
                return Optional.of(new Options(file, BhyveCapabilities.all(firmwareDir)));
            }
            if (caps.startsWith("probe:") && caps.length() > "probe:".length()) {
                BhyveCapabilityProbe probe = new BhyveCapabilityProbe();
                Set<BhyveCapability> bhyve = probe.probeBhyve(Path.of(caps.substring("probe:".length())));
                Set<GrubCapability> grub = findOnPath("grub-bhyve").map(probe::probeGrub)
                        .orElse(EnumSet.noneOf(GrubCapability.class));
                return Optional.of(new Options(file, new BhyveCapabilities(bhyve, grub, firmwareDir)));
            }
            return Optional.empty();
        }

        private static Optional<Path> findOnPath(String program) {
            String path = System.getenv("PATH");
            if (path == null) {
                return Optional.empty();
            }
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
    }
}
