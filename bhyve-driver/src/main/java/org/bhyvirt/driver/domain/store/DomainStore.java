package org.bhyvirt.driver.domain.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.AtomicFiles;
import org.bhyvirt.driver.host.HostConfig;

/**
 * The host's state directory as the driver's database. Layout (libvirt's, in one tree):
 * {@code domains/NAME.xml} persistent definitions (inactive XML); {@code autostart/NAME} autostart
 * flag files; {@code run/NAME.xml} the live XML and {@code run/NAME.status} the
 * {@link RuntimeStatus} of an active domain; {@code save/NAME.save} (+ {@code .kern}, {@code .meta},
 * {@code .xml}) managed save images. Every write is atomic ({@link AtomicFiles}); every name is
 * checked by {@link StoredNames} before it becomes a path. Thread-safe (no state besides files;
 * callers serialize per domain).
 */
public final class DomainStore {

    /** Suffixes of the files a bhyve checkpoint FILE consists of, plus the definition beside it. */
    public static final List<String> CHECKPOINT_SUFFIXES = List.of("", ".kern", ".meta", ".xml");

    private final HostConfig config;

    public DomainStore(HostConfig config) {
        this.config = config;
    }

    /** Result of loading every stored definition. */
    public record Loaded<T>(List<T> definitions, List<BrokenDefinition> broken) {
        public Loaded {
            definitions = List.copyOf(definitions);
            broken = List.copyOf(broken);
        }
    }

    /**
     * Loads every {@code domains/*.xml} through {@code parse}. A file that cannot be read or parsed,
     * or whose name does not match the definition's, becomes a {@link BrokenDefinition}.
     */
    public <T> Loaded<T> loadDefinitions(Function<String, T> parse, Function<T, String> nameOf) {
        List<T> ok = new ArrayList<>();
        List<BrokenDefinition> broken = new ArrayList<>();
        for (Path f : list(config.definitionsDir(), "*.xml")) {
            try {
                T def = parse.apply(Files.readString(f, StandardCharsets.UTF_8));
                String expected = f.getFileName().toString().replaceFirst("\\.xml$", "");
                if (!nameOf.apply(def).equals(expected)) {
                    broken.add(new BrokenDefinition(f, "the file defines domain '" + nameOf.apply(def)
                            + "', not '" + expected + "'"));
                } else {
                    ok.add(def);
                }
            } catch (IOException | RuntimeException e) {
                broken.add(new BrokenDefinition(f, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new Loaded<>(ok, broken);
    }

    public void saveDefinition(String name, String inactiveXml) {
        write(definitionFile(name), inactiveXml, "definition");
    }

    public void deleteDefinition(String name) {
        delete(definitionFile(name));
    }

    public Path definitionFile(String name) {
        return config.definitionsDir().resolve(StoredNames.requireSafe(name) + ".xml");
    }

    /** Names of domains with a runtime status (active when the last driver stopped). */
    public List<String> activeNames() {
        List<String> names = new ArrayList<>();
        for (Path f : list(config.runDir(), "*.status")) {
            names.add(f.getFileName().toString().replaceFirst("\\.status$", ""));
        }
        return names;
    }

    public void saveRuntime(String name, String liveXml, RuntimeStatus status) {
        write(config.runDir().resolve(StoredNames.requireSafe(name) + ".xml"), liveXml, "live definition");
        write(statusFile(name), status.format(), "runtime status");
    }

    public void saveStatus(String name, RuntimeStatus status) {
        write(statusFile(name), status.format(), "runtime status");
    }

    public Optional<String> readLiveXml(String name) {
        return read(config.runDir().resolve(StoredNames.requireSafe(name) + ".xml"));
    }

    /** The stored runtime status; empty when absent, IllegalArgumentException when unreadable. */
    public Optional<RuntimeStatus> readStatus(String name) {
        return read(statusFile(name)).map(RuntimeStatus::parse);
    }

    /**
     * Records the job holding a running domain ({@code job} its name), or that none does (empty),
     * in {@code run/NAME.job}, so a later driver knows a migration was under way.
     */
    public void saveJob(String name, Optional<String> job) {
        Path f = config.runDir().resolve(StoredNames.requireSafe(name) + ".job");
        if (job.isPresent()) {
            write(f, job.get() + "\n", "job record");
        } else {
            delete(f);
        }
    }

    /** The job recorded for a domain that was running, if any. */
    public Optional<String> readJob(String name) {
        return read(config.runDir().resolve(StoredNames.requireSafe(name) + ".job")).map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    /** Removes the runtime status, live XML and job record of a domain that stopped. */
    public void deleteRuntime(String name) {
        saveJob(name, Optional.empty());
        delete(statusFile(name));
        delete(config.runDir().resolve(StoredNames.requireSafe(name) + ".xml"));
    }

    public boolean isAutostart(String name) {
        return Files.exists(config.autostartDir().resolve(StoredNames.requireSafe(name)));
    }

    public void setAutostart(String name, boolean on) {
        Path flag = config.autostartDir().resolve(StoredNames.requireSafe(name));
        if (on) {
            write(flag, name + "\n", "autostart flag");
        } else {
            delete(flag);
        }
    }

    /** The managed save image FILE of a domain (its siblings carry {@link #CHECKPOINT_SUFFIXES}). */
    public Path managedSaveFile(String name) {
        return config.saveDir().resolve(StoredNames.requireSafe(name) + ".save");
    }

    public boolean hasManagedSave(String name) {
        Path f = managedSaveFile(name);
        return Files.exists(f) && Files.exists(Path.of(f + ".xml"));
    }

    public void removeManagedSave(String name) {
        Path f = managedSaveFile(name);
        for (String s : CHECKPOINT_SUFFIXES) {
            delete(Path.of(f + s));
        }
    }

    /** Where a managed save image lives while the guest restored from it runs. */
    public Path restoringFile(String name) {
        return config.runDir().resolve(StoredNames.requireSafe(name) + ".restoring");
    }

    /** Renames the checkpoint files of image {@code from} (every suffix present) to {@code to}. */
    public void moveImage(Path from, Path to) {
        for (String s : CHECKPOINT_SUFFIXES) {
            Path src = Path.of(from + s);
            if (Files.exists(src)) {
                try {
                    Files.move(src, Path.of(to + s), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED,
                            "cannot move " + src + " to " + to + s + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Deletes a restored-from image once its run has ended. */
    public void deleteRestoring(String name) {
        Path f = restoringFile(name);
        for (String s : CHECKPOINT_SUFFIXES) {
            delete(Path.of(f + s));
        }
    }

    private Path statusFile(String name) {
        return config.runDir().resolve(StoredNames.requireSafe(name) + ".status");
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.READ_FAILED, "cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    private static Optional<String> read(Path f) {
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.READ_FAILED, "cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path f, String content, String what) {
        try {
            AtomicFiles.write(f, content);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED,
                    "cannot write the " + what + " " + f + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path f) {
        try {
            AtomicFiles.delete(f);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED, "cannot delete " + f + ": " + e.getMessage(), e);
        }
    }
}
