package org.bhyvirt.driver.argv;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The command lines that start one domain, as libvirt builds them: the bhyve argv (argv[0] is
 * the literal {@code bhyve}, the VM name last), the loader argv that must run first (argv[0]
 * {@code bhyveload}, the grub-bhyve path or the custom bootloader path), empty when a UEFI loader
 * boots the guest; the grub device.map text when grub-bhyve is the loader; and the firmware
 * autoselected for {@code <os firmware='efi'>}, if any. All lists are immutable copies.
 *
 * @param bhyveArgv  the bhyve command line
 * @param loaderArgv the load step's command line; empty for UEFI boot
 * @param deviceMap  grub-bhyve's device.map content (lines ending in a newline)
 * @param firmware   the autoselected UEFI firmware
 */
public record BhyveCommands(List<String> bhyveArgv, Optional<List<String>> loaderArgv,
                            Optional<String> deviceMap, Optional<Path> firmware) {

    public BhyveCommands {
        bhyveArgv = List.copyOf(Objects.requireNonNull(bhyveArgv, "bhyveArgv"));
        loaderArgv = Objects.requireNonNull(loaderArgv, "loaderArgv").map(List::copyOf);
        Objects.requireNonNull(deviceMap, "deviceMap");
        Objects.requireNonNull(firmware, "firmware");
        if (bhyveArgv.isEmpty()) {
            throw new IllegalArgumentException("the bhyve command line is empty");
        }
    }

    /** This command line restoring the guest from checkpoint {@code file}: {@code -r FILE} before the VM name. */
    public BhyveCommands withRestore(Path file) {
        return withBeforeName(List.of("-r", file.toString()));
    }

    /**
     * This command line receiving the guest by the migration patch's protocol: {@code -R host,port}
     * before the VM name (the patch's separator is a comma; it listens on that IPv4 address).
     * IllegalArgumentException for an empty host, one containing a comma or blank, or a port outside 1..65535.
     */
    public BhyveCommands withMigrationReceiver(String host, int port) {
        if (host == null || host.isEmpty() || host.contains(",") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("migration receiver host '" + host + "' is empty or has a comma or blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("migration receiver port " + port + " is not within 1..65535");
        }
        return withBeforeName(List.of("-R", host + "," + port));
    }

    private BhyveCommands withBeforeName(List<String> options) {
        List<String> argv = new java.util.ArrayList<>(bhyveArgv);
        argv.addAll(argv.size() - 1, options);
        return new BhyveCommands(argv, loaderArgv, deviceMap, firmware);
    }
}
