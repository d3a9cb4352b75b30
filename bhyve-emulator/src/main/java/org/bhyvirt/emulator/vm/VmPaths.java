package org.bhyvirt.emulator.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the emulated vmm(4) keeps one VM: {@code $BHYVIRT_EMU_DIR/vmm/NAME/} and the files in it
 * (see the package documentation of {@code org.bhyvirt.emulator}). The emulator directory comes from
 * the system property {@code bhyvirt.emu.dir} (set by the launchers from {@code BHYVIRT_EMU_DIR}), else
 * the environment, else {@code /dev/shm/bhyvirt-emu}.
 */
public record VmPaths(Path emuDir, String name) {
    /** The default emulator directory. */
    public static final String DEFAULT_DIR = "/dev/shm/bhyvirt-emu";

    /** The paths of VM {@code name} in the emulator directory in force for this process. */
    public static VmPaths of(String name) {
        return new VmPaths(currentEmuDir(), name);
    }

    /** The emulator directory in force for this process. */
    public static Path currentEmuDir() {
        String dir = System.getProperty("bhyvirt.emu.dir");
        if (dir == null || dir.isEmpty()) {
            dir = System.getenv("BHYVIRT_EMU_DIR");
        }
        return Path.of(dir == null || dir.isEmpty() ? DEFAULT_DIR : dir);
    }

    /** Whether {@code name} can name a VM: non-empty, at most 128 bytes, no '/', NUL or newline, not . or .. */
    public static boolean validName(String name) {
        return !name.isEmpty() && name.length() <= 128 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == 0 || c == '\n');
    }

    /** The VM's directory; it exists exactly while the VM exists. */
    public Path dir() {
        return emuDir.resolve("vmm").resolve(name);
    }

    /** Guest memory: lowmem then highmem. */
    public Path memory() {
        return dir().resolve("mem");
    }

    /** The dirty bitmap: one bit per 4 KiB page of {@link #memory()}. */
    public Path dirtyBitmap() {
        return dir().resolve("dirty");
    }

    /** The lock file a running bhyve holds. */
    public Path lock() {
        return dir().resolve("bhyve.lock");
    }

    /** The running bhyve's pid. */
    public Path pid() {
        return dir().resolve("bhyve.pid");
    }

    /** The control socket of the running bhyve. */
    public Path controlSocket() {
        return dir().resolve("ctl.sock");
    }

    /** Whether the VM exists. */
    public boolean exists() {
        return Files.isDirectory(dir());
    }

    /** Removes the VM's directory and everything in it (no error if it is already gone). */
    public void removeAll() throws IOException {
        if (!Files.exists(dir())) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir())) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
