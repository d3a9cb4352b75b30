package org.bhyvirt.emulator.net;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The emulated host's cloned interfaces (taps and bridges), one directory per interface under
 * {@code $BHYVIRT_EMU_DIR/net/}: {@code net/IFNAME/} exists while the interface exists, holds an empty
 * file {@code UP} while it is up and, for a bridge, an empty file {@code member.TAP} per member. Every
 * change is one atomic create or delete, so concurrent ifconfig processes never lose an update; a new
 * unit number is claimed by creating its directory, so two creates never get the same name.
 */
public final class HostInterfaces {
    private static final int MAX_UNITS = 32768;
    private final Path dir;

    /** The interfaces kept under {@code emuDir/net}. */
    public HostInterfaces(Path emuDir) {
        this.dir = emuDir.resolve("net");
    }

    /** Whether {@code name} is a tap or bridge name ({@code tap0}, {@code bridge12}). */
    public static boolean clonerName(String name) {
        return name.matches("(tap|bridge)(0|[1-9][0-9]{0,4})");
    }

    /** Whether interface {@code name} exists. */
    public boolean exists(String name) {
        return clonerName(name) && Files.isDirectory(dir.resolve(name));
    }

    /** Creates the next free unit of {@code cloner} ("tap" or "bridge"); returns its name. */
    public String createNext(String cloner) throws IOException {
        Files.createDirectories(dir);
        for (int unit = 0; unit < MAX_UNITS; unit++) {
            try {
                Files.createDirectory(dir.resolve(cloner + unit));
                return cloner + unit;
            } catch (FileAlreadyExistsException e) {
                continue;
            }
        }
        throw new IOException("no free " + cloner + " unit");
    }

    /** Creates interface {@code name}; false if it already exists. */
    public boolean create(String name) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.createDirectory(dir.resolve(name));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Destroys interface {@code name} (and removes it from every bridge); false if it does not exist. */
    public boolean destroy(String name) throws IOException {
        if (!exists(name)) {
            return false;
        }
        for (String other : list()) {
            Files.deleteIfExists(dir.resolve(other).resolve("member." + name));
        }
        try (Stream<Path> s = Files.walk(dir.resolve(name))) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
        return true;
    }

    /** Marks {@code name} up or down. */
    public void setUp(String name, boolean up) throws IOException {
        Path flag = dir.resolve(name).resolve("UP");
        if (up) {
            try {
                Files.createFile(flag);
            } catch (FileAlreadyExistsException e) {
                return;
            }
        } else {
            Files.deleteIfExists(flag);
        }
    }

    /** Whether {@code name} is up. */
    public boolean isUp(String name) {
        return Files.exists(dir.resolve(name).resolve("UP"));
    }

    /** Adds {@code member} to {@code bridge} (both must exist). */
    public void addMember(String bridge, String member) throws IOException {
        try {
            Files.createFile(dir.resolve(bridge).resolve("member." + member));
        } catch (FileAlreadyExistsException e) {
            return;
        }
    }

    /** Removes {@code member} from {@code bridge}; false if it was not a member. */
    public boolean deleteMember(String bridge, String member) throws IOException {
        return Files.deleteIfExists(dir.resolve(bridge).resolve("member." + member));
    }

    /** The members of {@code bridge}, sorted. */
    public List<String> members(String bridge) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve(bridge))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("member."))
                    .map(n -> n.substring(7)).sorted().forEach(out::add);
        }
        return out;
    }

    /** Every interface, sorted. */
    public List<String> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(HostInterfaces::clonerName).sorted().forEach(out::add);
        }
        return out;
    }
}
