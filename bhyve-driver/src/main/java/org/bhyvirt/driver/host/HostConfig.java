package org.bhyvirt.driver.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link BhyveHost} needs to know about its host: where its state lives and where
 * the bhyve programs are. On FreeBSD the paths are the real programs ({@link #freeBsd}); elsewhere
 * they are the emulator's launcher scripts. Immutable; paths are never guessed at run time.
 *
 * @param hostName          the name events and capabilities report for this host
 * @param stateDir          the host's state directory (definitions, runtime status, logs, saves)
 * @param bhyve             path of bhyve
 * @param bhyvectl          path of bhyvectl
 * @param bhyveload         path of bhyveload
 * @param grubBhyve         path of grub-bhyve
 * @param ifconfig          path of ifconfig used to create taps; empty when the host has no usable
 *                          one (a domain with interfaces is then refused at start)
 * @param firmwareDir       the UEFI firmware directory (libvirt's bhyve.conf firmware_dir)
 * @param vmmDir            where the kernel shows existing VMs ({@code /dev/vmm}; a VM named N
 *                          exists while {@code vmmDir/N} exists)
 * @param environment       environment entries added to every program the host runs
 * @param shutdownTimeout   how long {@code shutdownAndWait} gives a guest before giving up
 * @param programTimeout    how long a synchronous program (loader, bhyvectl, ifconfig) may run
 * @param detach            the command that runs the guest supervisor in a session (and so a
 *                          process group) of its own, prefixed to the supervisor's command line:
 *                          {@code setsid} on Linux, FreeBSD's {@code daemon(8)} (without
 *                          {@code -f}, which would take away the pipe that reports bhyve's pid,
 *                          and without {@code -c}, so the working directory stays); the command
 *                          may fork and return at once, as daemon(8) does. Empty to leave the
 *                          supervisor in the driver's session and process group.
 */
public record HostConfig(String hostName, Path stateDir, Path bhyve, Path bhyvectl, Path bhyveload,
                         Path grubBhyve, Optional<Path> ifconfig, Path firmwareDir, Path vmmDir,
                         Map<String, String> environment, Duration shutdownTimeout, Duration programTimeout,
                         List<String> detach) {

    public HostConfig {
        Objects.requireNonNull(hostName, "hostName");
        stateDir = Objects.requireNonNull(stateDir, "stateDir").toAbsolutePath();
        Objects.requireNonNull(bhyve, "bhyve");
        Objects.requireNonNull(bhyvectl, "bhyvectl");
        Objects.requireNonNull(bhyveload, "bhyveload");
        Objects.requireNonNull(grubBhyve, "grubBhyve");
        Objects.requireNonNull(ifconfig, "ifconfig");
        Objects.requireNonNull(firmwareDir, "firmwareDir");
        Objects.requireNonNull(vmmDir, "vmmDir");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(programTimeout, "programTimeout");
        detach = List.copyOf(detach);
    }

    /** FreeBSD's daemon(8): forks, calls setsid(2) in the child and runs the command there. */
    public static final List<String> FREEBSD_DAEMON = List.of("/usr/sbin/daemon");

    /** util-linux's setsid(1): a new session for the command (a child of Java is never a group leader). */
    public static final List<String> LINUX_SETSID = List.of("/usr/bin/setsid");

    /** A FreeBSD host with the stock program locations; guest supervisors are detached by daemon(8). */
    public static HostConfig freeBsd(String hostName, Path stateDir) {
        return new HostConfig(hostName, stateDir, Path.of("/usr/sbin/bhyve"), Path.of("/usr/sbin/bhyvectl"),
                Path.of("/usr/sbin/bhyveload"), Path.of("/usr/local/sbin/grub-bhyve"),
                Optional.of(Path.of("/sbin/ifconfig")), Path.of("/usr/local/share/uefi-firmware"),
                Path.of("/dev/vmm"), Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(120), FREEBSD_DAEMON);
    }

    /**
     * A host whose bhyve programs are the launcher scripts in {@code binDir} (the emulator's
     * {@code bhyve-emulator/bin}); VMs live under {@code emuDir} (passed to the programs as
     * {@code BHYVIRT_EMU_DIR}). ifconfig is the emulator's stand-in when {@code binDir} has one,
     * else there is none (domains with interfaces are then refused at start).
     */
    public static HostConfig emulated(String hostName, Path stateDir, Path binDir, Path emuDir) {
        Path ifconfig = binDir.resolve("ifconfig");
        return new HostConfig(hostName, stateDir, binDir.resolve("bhyve"), binDir.resolve("bhyvectl"),
                binDir.resolve("bhyveload"), binDir.resolve("grub-bhyve"),
                java.nio.file.Files.isExecutable(ifconfig) ? Optional.of(ifconfig) : Optional.empty(),
                stateDir.resolve("firmware"), emuDir.resolve("vmm"),
                Map.of("BHYVIRT_EMU_DIR", emuDir.toString()), Duration.ofSeconds(60), Duration.ofSeconds(120),
                java.nio.file.Files.isExecutable(Path.of(LINUX_SETSID.get(0))) ? LINUX_SETSID : List.of());
    }

    public HostConfig withShutdownTimeout(Duration timeout) {
        return new HostConfig(hostName, stateDir, bhyve, bhyvectl, bhyveload, grubBhyve, ifconfig, firmwareDir,
                vmmDir, environment, timeout, programTimeout, detach);
    }

    public HostConfig withDetach(List<String> command) {
        return new HostConfig(hostName, stateDir, bhyve, bhyvectl, bhyveload, grubBhyve, ifconfig, firmwareDir,
                vmmDir, environment, shutdownTimeout, programTimeout, command);
    }

    public HostConfig withIfconfig(Optional<Path> path) {
        return new HostConfig(hostName, stateDir, bhyve, bhyvectl, bhyveload, grubBhyve, path, firmwareDir,
                vmmDir, environment, shutdownTimeout, programTimeout, detach);
    }

    public HostConfig withFirmwareDir(Path dir) {
        return new HostConfig(hostName, stateDir, bhyve, bhyvectl, bhyveload, grubBhyve, ifconfig, dir,
                vmmDir, environment, shutdownTimeout, programTimeout, detach);
    }

    /** Directory of persistent definitions. */
    public Path definitionsDir() {
        return stateDir.resolve("domains");
    }

    /** Directory of autostart flag files. */
    public Path autostartDir() {
        return stateDir.resolve("autostart");
    }

    /** Directory of runtime state: live XML, status, pid and exit files, grub device maps. */
    public Path runDir() {
        return stateDir.resolve("run");
    }

    /** Directory of managed save images. */
    public Path saveDir() {
        return stateDir.resolve("save");
    }

    /** Directory of per-domain bhyve logs. */
    public Path logDir() {
        return stateDir.resolve("log");
    }
}
