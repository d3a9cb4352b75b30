package org.bhyvirt.driver.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.AtomicFiles;

/**
 * The driver's half of a save image. bhyve's checkpoint writes FILE, FILE.kern and FILE.meta; the
 * driver writes FILE.xml beside them: a header (magic and version, the domain's name and UUID,
 * whether the guest was running or paused) followed by the domain's inactive XML, so a restore
 * knows the definition. {@link #read} checks the format and that bhyve's files are all there
 * before anything is started. Immutable.
 *
 * @param name    the domain name
 * @param uuid    the domain UUID
 * @param paused  whether the guest was paused when saved (restore leaves it paused)
 * @param xml     the domain's inactive XML
 */
public record SaveImage(String name, UUID uuid, boolean paused, String xml) {

    static final String MAGIC = "bhyvirt-save-image 1";

    /** The definition file of checkpoint {@code file}. */
    public static Path xmlFile(Path file) {
        return Path.of(file + ".xml");
    }

    /** Writes FILE.xml atomically. */
    public void write(Path file) {
        String text = MAGIC + "\nname=" + name + "\nuuid=" + uuid + "\nstate=" + (paused ? "paused" : "running")
                + "\n\n" + xml;
        try {
            AtomicFiles.write(xmlFile(file), text);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED,
                    "cannot write the save image definition " + xmlFile(file) + ": " + e.getMessage(), e);
        }
    }

    /** Reads and checks the save image at {@code file}; VIR_ERR_OPERATION_INVALID when it is not one. */
    public static SaveImage read(Path file) {
        Path x = xmlFile(file);
        for (Path p : new Path[] {file, Path.of(file + ".kern"), Path.of(file + ".meta"), x}) {
            if (!Files.isRegularFile(p)) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "'" + file + "' is not a complete save image: " + p + " is missing");
            }
        }
        String text;
        try {
            if (Files.size(x) > 16L * 1024 * 1024) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, x + " is too large for a save image");
            }
            text = Files.readString(x, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.READ_FAILED, "cannot read " + x + ": " + e.getMessage(), e);
        }
        String[] parts = text.split("\n\n", 2);
        String[] header = parts[0].split("\n");
        if (parts.length != 2 || header.length != 4 || !header[0].equals(MAGIC) || !header[1].startsWith("name=")
                || !header[2].startsWith("uuid=") || !header[3].startsWith("state=")) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "'" + x + "' is not a bhyvirt save image (expected header '" + MAGIC + "')");
        }
        try {
            return new SaveImage(header[1].substring(5), UUID.fromString(header[2].substring(5)),
                    header[3].substring(6).equals("paused"), parts[1]);
        } catch (IllegalArgumentException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "'" + x + "' has a bad save image header: " + e.getMessage(), e);
        }
    }

    /** Deletes the image (bhyve's files and the definition). */
    public static void delete(Path file) {
        for (String s : new String[] {"", ".kern", ".meta", ".xml"}) {
            try {
                Files.deleteIfExists(Path.of(file + s));
            } catch (IOException e) {
                throw new BhyveDriverException(VirErrorNumber.WRITE_FAILED,
                        "cannot delete " + file + s + ": " + e.getMessage(), e);
            }
        }
    }
}
