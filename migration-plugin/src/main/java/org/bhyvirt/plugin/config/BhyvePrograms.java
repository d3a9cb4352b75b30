package org.bhyvirt.plugin.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the plugin finds bhyve's programs: a real FreeBSD host's, or the emulator's launcher
 * scripts with the directory its VMs live in. Exactly one of the two, decided once from the
 * configuration; paths are absolute.
 */
public sealed interface BhyvePrograms permits BhyvePrograms.Real, BhyvePrograms.Emulated {

    /** The names of the programs the driver runs, all expected in {@link #programDir()} but grub-bhyve on a stock FreeBSD. */
    List<String> PROGRAMS = List.of("bhyve", "bhyvectl", "bhyveload");

    /** The directory holding bhyve, bhyvectl and bhyveload. */
    Path programDir();

    /**
     * A FreeBSD host's programs in {@code dir}; {@code grubBhyve} is where grub-bhyve is (the ports
     * install it under /usr/local/sbin, so the stock layout keeps it there).
     */
    record Real(Path dir, Path grubBhyve) implements BhyvePrograms {
        public Real {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(grubBhyve, "grubBhyve");
        }

        @Override
        public Path programDir() {
            return dir;
        }
    }

    /** The emulator's launcher scripts in {@code binDir}; its VMs' memory lives under {@code vmDir}. */
    record Emulated(Path binDir, Path vmDir) implements BhyvePrograms {
        public Emulated {
            Objects.requireNonNull(binDir, "binDir");
            Objects.requireNonNull(vmDir, "vmDir");
        }

        @Override
        public Path programDir() {
            return binDir;
        }
    }
}
