package org.bhyvirt.driver.argv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.LoaderDef;
import org.bhyvirt.driver.domain.def.LoaderType;
import org.bhyvirt.driver.domain.def.OsDef;
import org.bhyvirt.driver.domain.def.YesNo;

/**
 * The pure translation of a parsed domain definition into the commands that start it on bhyve,
 * following libvirt's bhyve driver byte for byte ({@code bhyve_command.c}, libvirt 11.3): the
 * same arguments in the same order, and the same refusals with libvirt's error numbers and
 * messages. Nothing on the host is touched except reading the firmware directory for
 * {@code <os firmware='efi'>}.
 *
 * <p>bhyve's argv is the fixed prefix ({@link PrefixArgs}), then controllers in definition order
 * ({@link ControllerArgs}), interfaces, virtio disks, graphics, sound devices, filesystems, the
 * console, rngs, the {@code <bhyve:commandline>} arguments and the VM name. The load step
 * ({@link LoaderCommands}) is skipped when a UEFI loader boots the guest.
 */
public final class BhyveCommandBuilder {

    private BhyveCommandBuilder() {
    }

    /**
     * libvirt's prepare step: for {@code <os firmware=...>}, the loader becomes the firmware
     * chosen in {@code caps.firmwareDir()} ({@link FirmwareSelector}); refused when there is none.
     */
    public static PreparedDomain prepare(DomainDef def, BhyveCapabilities caps) {
        OsDef os = def.os();
        if (os.firmware() == null) {
            return new PreparedDomain(def, Optional.empty());
        }
        Path firmware = FirmwareSelector.select(caps.firmwareDir());
        LoaderDef loader = new LoaderDef(firmware.toString(), YesNo.YES,
                os.loader() == null ? null : os.loader().secure(), LoaderType.PFLASH);
        OsDef prepared = new OsDef(os.type(), os.arch(), os.machine(), os.firmware(), loader, os.nvram(),
                os.bootloader(), os.bootloaderArgs(), os.bootDevices());
        return new PreparedDomain(def.withOs(prepared), Optional.of(firmware));
    }

    /** Prepares {@code def} and builds its commands. */
    public static BhyveCommands build(DomainDef def, BhyveCapabilities caps, BuildContext context) {
        return build(prepare(def, caps), caps, context);
    }

    /** Builds the commands of a prepared definition. */
    public static BhyveCommands build(PreparedDomain prepared, BhyveCapabilities caps, BuildContext context) {
        DomainDef def = prepared.def();
        List<String> bhyve = new ArrayList<>();
        bhyve.add("bhyve");
        bhyve.addAll(PrefixArgs.of(def, caps));
        bhyve.addAll(ControllerArgs.of(def, caps));
        bhyve.addAll(NetArgs.of(def, caps, context));
        bhyve.addAll(VirtioDiskArgs.of(def));
        bhyve.addAll(GraphicsArgs.of(def, caps, context));
        bhyve.addAll(SoundArgs.of(def, caps));
        bhyve.addAll(FilesystemArgs.of(def, caps));
        bhyve.addAll(ConsoleArgs.of(def));
        bhyve.addAll(RngArgs.of(def));
        bhyve.addAll(def.commandlineArgs());
        bhyve.add(def.name());

        if (def.os().loader() != null) {
            return new BhyveCommands(bhyve, Optional.empty(), Optional.empty(), prepared.firmware());
        }
        LoaderCommands.Load load = LoaderCommands.of(def, caps, context);
        return new BhyveCommands(bhyve, Optional.of(load.argv()), load.deviceMap(), prepared.firmware());
    }
}
