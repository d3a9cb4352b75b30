package org.bhyvirt.driver.argv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Chooses the UEFI firmware for {@code <os firmware='efi'>} as libvirt's
 * {@code bhyveFirmwareFillDomain} does: {@code BHYVE_UEFI.fd} in the firmware directory if it is
 * there, else the first entry whose name does not start with a dot. libvirt takes "first" in
 * directory order, which the file system decides; here it is the first in name order, so the
 * choice is reproducible. An empty or missing directory is refused with
 * {@link VirErrorNumber#CONFIG_UNSUPPORTED} "no firmwares found in DIR", libvirt's prepare error.
 */
public final class FirmwareSelector {

    /** The firmware libvirt prefers. */
    public static final String DEFAULT_FIRMWARE = "BHYVE_UEFI.fd";

    private FirmwareSelector() {
    }

    /** The path of the firmware chosen in {@code firmwareDir} (the directory joined with the entry name). */
    public static Path select(Path firmwareDir) {
        List<String> names = entries(firmwareDir);
        Optional<String> chosen = names.contains(DEFAULT_FIRMWARE) ? Optional.of(DEFAULT_FIRMWARE)
                : names.stream().findFirst();
        return firmwareDir.resolve(chosen.orElseThrow(() -> new BhyveDriverException(
                VirErrorNumber.CONFIG_UNSUPPORTED, "no firmwares found in " + firmwareDir)));
    }

    private static List<String> entries(Path firmwareDir) {
        if (!Files.isDirectory(firmwareDir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(firmwareDir)) {
            return listing.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                    "cannot read firmware directory " + firmwareDir + ": " + e.getMessage(), e);
        }
    }
}
