package org.bhyvirt.driver.vmm.emulated;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.driver.vmm.VmmProvider;

/**
 * The emulator's VMs under one {@code BHYVIRT_EMU_DIR}: VM {@code NAME} exists while
 * {@code EMU_DIR/vmm/NAME/} holds its {@code mem} and {@code dirty} files. {@link #open} maps an existing
 * VM; {@link #createIncoming} creates one as {@code bhyveload} would (directory, sparse zero memory, clear
 * bitmap), refusing a name in use. State files for save/restore are staged under {@code stagingDir}.
 */
public final class EmulatedVmmProvider implements VmmProvider {
    private final Path emuDir;
    private final Path stagingDir;

    /** VMs of {@code emuDir}; save/restore state files are staged (briefly) in {@code stagingDir}. */
    public EmulatedVmmProvider(Path emuDir, Path stagingDir) {
        this.emuDir = Objects.requireNonNull(emuDir, "emuDir");
        this.stagingDir = Objects.requireNonNull(stagingDir, "stagingDir");
    }

    /** VMs of {@code emuDir}, staging state files in the system's temporary directory. */
    public EmulatedVmmProvider(Path emuDir) {
        this(emuDir, Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public Vmm open(String name) {
        Path dir = vmDir(name);
        Path mem = dir.resolve("mem");
        if (!Files.isRegularFile(mem) || !Files.isRegularFile(dir.resolve("dirty"))) {
            throw new BhyveDriverException(VirErrorNumber.NO_DOMAIN, "no VM named '" + name + "' in "
                    + emuDir.resolve("vmm") + " (no memory or dirty bitmap file)");
        }
        try {
            return EmulatedVmm.attach(name, dir, MemoryLayout.of(Files.size(mem)), stagingDir);
        } catch (IOException | IllegalArgumentException e) {
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot map VM " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Vmm createIncoming(String name, MemoryLayout layout) {
        Path dir = vmDir(name);
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new BhyveDriverException(VirErrorNumber.DOM_EXIST, "VM '" + name + "' already exists in "
                    + emuDir.resolve("vmm") + "; an incoming VM needs a free name", e);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot create incoming VM " + name + ": "
                    + e.getMessage(), e);
        }
        try {
            sparse(dir.resolve("mem"), layout.memoryBytes());
            sparse(dir.resolve("dirty"), layout.dirtyBitmapWords() * 8);
            return EmulatedVmm.attach(name, dir, layout, stagingDir);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(dir.resolve("mem"));
                Files.deleteIfExists(dir.resolve("dirty"));
                Files.deleteIfExists(dir);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot allocate the memory of incoming VM "
                    + name + " (" + layout.memoryBytes() + " bytes): " + e.getMessage(), e);
        }
    }

    private static void sparse(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    private Path vmDir(String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == 0 || c == '\n')) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "'" + name + "' is not a valid VM name");
        }
        return emuDir.resolve("vmm").resolve(name);
    }
}
