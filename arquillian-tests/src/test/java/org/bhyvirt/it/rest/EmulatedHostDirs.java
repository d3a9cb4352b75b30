package org.bhyvirt.it.rest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directories of one emulated host the plugin under test serves: a state directory, an
 * emulator directory under /dev/shm named {@code bhyvirt-test-*} (so the launcher's safety net
 * recognises leftovers), a work directory for disks and save files, and the MicroProfile Config
 * that points the plugin at them. {@link #close()} kills every process that names these
 * directories (guests, their supervisors) and deletes them, whatever state a test left.
 */
final class EmulatedHostDirs implements AutoCloseable {

    final Path root = Path.of(System.getProperty("bhyvirt.root", "..")).toAbsolutePath().normalize();
    final Path emulatorBin = root.resolve("bhyve-emulator/bin");
    final Path stateDir;
    final Path emuDir;
    final Path workDir;
    final String hostName;

    EmulatedHostDirs(String hostName) throws IOException {
        this.hostName = hostName;
        stateDir = Files.createTempDirectory("bhyvirt-test-it-state-");
        emuDir = Files.createTempDirectory(Path.of("/dev/shm"), "bhyvirt-test-it-rest-");
        workDir = Files.createTempDirectory("bhyvirt-test-it-work-");
    }

    /** The plugin's configuration for this host, as {@code META-INF/microprofile-config.properties}. */
    String microprofileConfig() {
        return "bhyvirt.host.name=" + hostName + "\n"
                + "bhyvirt.state.dir=" + stateDir + "\n"
                + "bhyvirt.emulator.bin-dir=" + emulatorBin + "\n"
                + "bhyvirt.emulator.vm-dir=" + emuDir + "\n"
                + "bhyvirt.rpc.port=0\n";
    }

    /** A boot disk without an emulated guest's header: the guest on it idles. */
    Path idleDisk(String name) throws IOException {
        Path p = workDir.resolve(name + ".img");
        Files.write(p, new byte[4096]);
        return p;
    }

    @Override
    public void close() throws IOException {
        killProcessesNaming(List.of(emuDir.toString(), stateDir.toString()));
        for (Path dir : List.of(emuDir, stateDir, workDir)) {
            deleteTree(dir);
        }
    }

    /** Kills every other process whose command line names one of {@code marks}, and awaits each end. */
    static void killProcessesNaming(List<String> marks) {
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    String cmd = cmdline(p.pid());
                    return marks.stream().anyMatch(cmd::contains);
                })
                .forEach(p -> {
                    p.destroyForcibly();
                    try {
                        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // gone or stuck: the directories are removed regardless
                    }
                });
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
