package org.bhyvirt.driver.argv;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.bhyvirt.driver.domain.def.ParseOptions;
import org.bhyvirt.driver.domain.def.SataLayout;

/**
 * What the host offers the command builder: the features of its bhyve and grub-bhyve programs
 * and the directory UEFI firmware is autoselected from for {@code <os firmware='efi'>}. The sets
 * are immutable copies.
 *
 * @param bhyve       features of the bhyve program
 * @param grub        features of the grub-bhyve program
 * @param firmwareDir libvirt's {@code firmware_dir} (bhyve.conf)
 */
public record BhyveCapabilities(Set<BhyveCapability> bhyve, Set<GrubCapability> grub, Path firmwareDir) {

    public BhyveCapabilities {
        bhyve = Set.copyOf(Objects.requireNonNull(bhyve, "bhyve"));
        grub = Set.copyOf(Objects.requireNonNull(grub, "grub"));
        Objects.requireNonNull(firmwareDir, "firmwareDir");
    }

    /** Every bhyve and grub-bhyve feature, with the given firmware directory. */
    public static BhyveCapabilities all(Path firmwareDir) {
        return new BhyveCapabilities(EnumSet.allOf(BhyveCapability.class), EnumSet.allOf(GrubCapability.class),
                firmwareDir);
    }

    /** Whether the bhyve program has {@code capability}. */
    public boolean has(BhyveCapability capability) {
        return bhyve.contains(capability);
    }

    /**
     * How the parser spreads SATA disks over AHCI controllers on this host: 32 ports per
     * controller with AHCI32SLOT, else one controller per disk.
     */
    public SataLayout sataLayout() {
        return has(BhyveCapability.AHCI32SLOT) ? SataLayout.PORTS_32 : SataLayout.ONE_CONTROLLER_PER_DISK;
    }

    /** The parser's default options with this host's {@link #sataLayout()}. */
    public ParseOptions parseOptions() {
        return ParseOptions.DEFAULTS.withSataLayout(sataLayout());
    }

    /** Whether the grub-bhyve program has {@code capability}. */
    public boolean has(GrubCapability capability) {
        return grub.contains(capability);
    }
}
