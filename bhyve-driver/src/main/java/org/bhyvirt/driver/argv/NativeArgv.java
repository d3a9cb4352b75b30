package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.LoaderDef;
import org.bhyvirt.driver.domain.def.LoaderType;
import org.bhyvirt.driver.domain.def.YesNo;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * libvirt's {@code domxml-to-native bhyve-argv}: the loader command line first (none when a UEFI
 * loader boots the guest), then the bhyve command line, each shell-quoted on one line, with the
 * dry-run tap name {@code tap0} and device.map path {@code <device.map>}. As in libvirt, a UEFI
 * {@code <loader>} must be a read-only pflash and bhyve must have LPC_BOOTROM. Pure.
 */
public final class NativeArgv {

    /** The only native format libvirt's bhyve driver knows. */
    public static final String FORMAT = "bhyve-argv";

    private NativeArgv() {
    }

    /** The command lines for {@code def}. */
    public static List<String> lines(DomainDef def, BhyveCapabilities caps) {
        requireReadOnlyPflash(def, caps);
        BhyveCommands commands = BhyveCommandBuilder.build(def, caps, BuildContext.dryRun("<device.map>"));
        List<String> lines = new ArrayList<>();
        commands.loaderArgv().ifPresent(argv -> lines.add(ArgvText.oneLine(argv)));
        lines.add(ArgvText.oneLine(commands.bhyveArgv()));
        return lines;
    }

    private static void requireReadOnlyPflash(DomainDef def, BhyveCapabilities caps) {
        LoaderDef loader = def.os().loader();
        if (def.os().bootloader() != null || loader == null) {
            return;
        }
        if (loader.readonly() != YesNo.YES || loader.type() != LoaderType.PFLASH) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "Only read-only pflash is supported.");
        }
        if (!caps.has(BhyveCapability.LPC_BOOTROM)) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED,
                    "Installed bhyve binary does not support bootrom");
        }
    }
}
