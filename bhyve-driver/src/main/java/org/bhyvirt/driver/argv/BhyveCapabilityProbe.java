package org.bhyvirt.driver.argv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Detects the features of the host's {@code bhyve} and {@code grub-bhyve} programs the way
 * libvirt's {@code bhyve_capabilities.c} does: it runs the program with probing (mostly invalid)
 * arguments and looks for bhyve's refusal messages in its standard error, or for {@code --cons-dev}
 * in grub-bhyve's {@code --help} output. Each probe runs with its own time limit.
 *
 * <p>A program that does not exist or is not executable has no features, as in libvirt. Two of
 * libvirt's probes are wrong and are implemented here as intended, not as coded: libvirt's
 * {@code -s 0,xhci} probe sets the FBUF flag instead of XHCI, and its {@code -s 0,virtio-9p} probe
 * looks for the {@code hda} message, so VIRTIO_9P is always set. Here the xhci probe sets
 * {@link BhyveCapability#XHCI} and the virtio-9p probe looks for the {@code virtio-9p} message.
 */
public final class BhyveCapabilityProbe {

    /** The default time limit of one probe. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** One "does bhyve refuse this option" probe: the feature is present unless stderr has the message. */
    private record RefusalProbe(BhyveCapability capability, String option, String value, String refusal) {
    }

    private static final List<RefusalProbe> REFUSAL_PROBES = List.of(
            device(BhyveCapability.AHCI32SLOT, "ahci"),
            device(BhyveCapability.NET_E1000, "e1000"),
            new RefusalProbe(BhyveCapability.LPC_BOOTROM, "-l", "bootrom",
                    "bhyve: invalid lpc device configuration 'bootrom'"),
            device(BhyveCapability.FBUF, "fbuf"),
            device(BhyveCapability.XHCI, "xhci"),
            device(BhyveCapability.SOUND_HDA, "hda"),
            new RefusalProbe(BhyveCapability.VNC_PASSWORD, "-s", "0,fbuf,password=",
                    "Invalid fbuf emulation \"password\""),
            device(BhyveCapability.VIRTIO_9P, "virtio-9p"),
            device(BhyveCapability.VIRTIO_RND, "virtio-rnd"));

    private static RefusalProbe device(BhyveCapability capability, String device) {
        return new RefusalProbe(capability, "-s", "0," + device,
                "pci slot 0:0: unknown device \"" + device + "\"");
    }

    private final ProgramOutput runner;

    /** A probe whose every command gets {@code timeoutPerProbe}. */
    public BhyveCapabilityProbe(Duration timeoutPerProbe) {
        if (Objects.requireNonNull(timeoutPerProbe, "timeoutPerProbe").isNegative() || timeoutPerProbe.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive: " + timeoutPerProbe);
        }
        this.runner = new ProgramOutput(timeoutPerProbe);
    }

    /** A probe with {@link #DEFAULT_TIMEOUT}. */
    public BhyveCapabilityProbe() {
        this(DEFAULT_TIMEOUT);
    }

    /** Both programs' features and the firmware directory, as one value for the command builder. */
    public BhyveCapabilities probe(Path bhyve, Path grubBhyve, Path firmwareDir) {
        return new BhyveCapabilities(probeBhyve(bhyve), probeGrub(grubBhyve), firmwareDir);
    }

    /** The features of the bhyve program at {@code bhyve}; empty if there is no such program. */
    public Set<BhyveCapability> probeBhyve(Path bhyve) {
        Set<BhyveCapability> found = EnumSet.noneOf(BhyveCapability.class);
        if (!Files.isRegularFile(bhyve) || !Files.isExecutable(bhyve)) {
            return found;
        }
        String program = bhyve.toString();
        String help = runner.run(List.of(program, "-h"), ProgramOutput.Stream.STDERR);
        if (help.contains("-u:")) {
            found.add(BhyveCapability.RTC_UTC);
        }
        if (!help.contains("-c vcpus")) {
            found.add(BhyveCapability.CPUTOPOLOGY);
        }
        for (RefusalProbe probe : REFUSAL_PROBES) {
            String stderr = runner.run(List.of(program, probe.option(), probe.value()), ProgramOutput.Stream.STDERR);
            if (!stderr.contains(probe.refusal())) {
                found.add(probe.capability());
            }
        }
        return found;
    }

    /** The features of the grub-bhyve program at {@code grubBhyve}; empty if there is no such program. */
    public Set<GrubCapability> probeGrub(Path grubBhyve) {
        Set<GrubCapability> found = EnumSet.noneOf(GrubCapability.class);
        if (!Files.isRegularFile(grubBhyve) || !Files.isExecutable(grubBhyve)) {
            return found;
        }
        String help = runner.run(List.of(grubBhyve.toString(), "--help"), ProgramOutput.Stream.STDOUT);
        if (help.contains("--cons-dev")) {
            found.add(GrubCapability.CONSDEV);
        }
        return found;
    }
}
