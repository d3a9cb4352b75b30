package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bhyvirt.driver.domain.def.ChrDef;
import org.bhyvirt.driver.domain.def.ChrType;
import org.bhyvirt.driver.domain.def.DiskDef;
import org.bhyvirt.driver.domain.def.DiskDevice;
import org.bhyvirt.driver.domain.def.DomainDef;

/**
 * The load step libvirt runs before bhyve when no UEFI loader boots the guest
 * ({@code virBhyveProcessBuildLoadCmd}):
 * <ul>
 * <li>no {@code <bootloader>}: {@code bhyveload -m MiB -d BOOTDISK NAME}, or
 * {@code bhyveload ARGS...} with {@code <bootloader_args>} split on single spaces (no name
 * appended);</li>
 * <li>a bootloader path containing {@code grub-bhyve}: {@code PATH --root hd0,msdos1|cd
 * --device-map FILE --memory MiB [--cons-dev NMDM_A] NAME} plus the device.map text (only the
 * disk with the lowest boot order, else the first disk and the first cdrom); with
 * bootloader_args it is a custom loader;</li>
 * <li>any other bootloader: {@code PATH ARGS...}, refused without bootloader_args.</li>
 * </ul>
 */
final class LoaderCommands {

    /** A loader command line and, for grub-bhyve, its device.map. */
    record Load(List<String> argv, Optional<String> deviceMap) {
    }

    private LoaderCommands() {
    }

    static Load of(DomainDef def, BhyveCapabilities caps, BuildContext context) {
        String bootloader = def.os().bootloader();
        if (bootloader == null) {
            return new Load(bhyveload(def, BootDiskChooser.choose(def)), Optional.empty());
        }
        if (bootloader.contains("grub-bhyve")) {
            if (def.os().bootloaderArgs() != null) {
                return new Load(custom(def), Optional.empty());
            }
            return grub(def, caps, context);
        }
        return new Load(custom(def), Optional.empty());
    }

    private static List<String> bhyveload(DomainDef def, DiskDef disk) {
        List<String> argv = new ArrayList<>(List.of("bhyveload"));
        if (def.os().bootloaderArgs() == null) {
            argv.addAll(List.of("-m", Long.toString(def.memoryMiB()), "-d", disk.sourcePath(), def.name()));
        } else {
            argv.addAll(split(def.os().bootloaderArgs()));
        }
        return argv;
    }

    private static List<String> custom(DomainDef def) {
        if (def.os().bootloaderArgs() == null) {
            throw Refusal.unsupported("Custom loader requires explicit bootloader_args configuration");
        }
        List<String> argv = new ArrayList<>(List.of(def.os().bootloader()));
        argv.addAll(split(def.os().bootloaderArgs()));
        return argv;
    }

    /** glib's {@code g_strsplit(args, " ", 0)}: every single space separates, empty pieces kept. */
    static List<String> split(String args) {
        if (args.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(args.split(" ", -1));
    }

    private static Load grub(DomainDef def, BhyveCapabilities caps, BuildContext context) {
        DiskDef hdd = null;
        DiskDef cd = null;
        DiskDef userDefined = null;
        int bestIndex = Integer.MAX_VALUE;
        for (DiskDef disk : def.devices().disks()) {
            if (!DiskSources.usableType(disk)) {
                continue;
            }
            if (disk.bootOrder() != null && disk.bootOrder() > 0 && disk.bootOrder() < bestIndex) {
                userDefined = disk;
                bestIndex = disk.bootOrder();
                continue;
            }
            if (cd == null && disk.device() == DiskDevice.CDROM) {
                cd = disk;
            }
            if (hdd == null && disk.device() == DiskDevice.DISK) {
                hdd = disk;
            }
        }
        StringBuilder deviceMap = new StringBuilder();
        if (userDefined != null) {
            deviceMap.append(mapLine(userDefined));
        } else {
            if (hdd != null) {
                deviceMap.append(mapLine(hdd));
            }
            if (cd != null) {
                deviceMap.append(mapLine(cd));
            }
        }
        String root;
        if (userDefined != null) {
            root = userDefined.device() == DiskDevice.CDROM ? "cd" : "hd0,msdos1";
        } else {
            root = cd != null ? "cd" : "hd0,msdos1";
        }
        List<String> argv = new ArrayList<>(List.of(def.os().bootloader(), "--root", root,
                "--device-map", context.deviceMapPath(), "--memory", Long.toString(def.memoryMiB())));
        if (caps.has(GrubCapability.CONSDEV) && !def.devices().serials().isEmpty()) {
            ChrDef chr = def.devices().serials().get(0);
            if (chr.type() != ChrType.NMDM) {
                throw Refusal.unsupported("only nmdm console types are supported");
            }
            argv.addAll(List.of("--cons-dev", chr.master()));
        }
        argv.add(def.name());
        return new Load(argv, Optional.of(deviceMap.toString()));
    }

    private static String mapLine(DiskDef disk) {
        return (disk.device() == DiskDevice.CDROM ? "(cd) " : "(hd0) ") + disk.sourcePath() + "\n";
    }
}
