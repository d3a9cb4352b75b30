package org.bhyvirt.driver.domain.def;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Access to libvirt's bhyve test data in {@code ${bhyvirt.root}/../shared/reference/libvirt-bhyve-cases}
 * (read in place, never copied into the project): the cases.tsv rows and the xml2xml outputs.
 */
final class LibvirtCases {

    /** One row of cases.tsv. */
    record Row(String name, String expect, List<String> bhyveCaps) {

        SataLayout sataLayout() {
            return bhyveCaps.contains("AHCI32SLOT") ? SataLayout.PORTS_32 : SataLayout.ONE_CONTROLLER_PER_DISK;
        }

        @Override
        public String toString() {
            return name + " (" + expect + ")";
        }
    }

    private LibvirtCases() {
    }

    static Path dir() {
        String root = System.getProperty("bhyvirt.root", ".");
        return Path.of(root).resolve("../shared/reference/libvirt-bhyve-cases").normalize();
    }

    static boolean present() {
        return Files.isRegularFile(dir().resolve("cases.tsv"));
    }

    static List<Row> rows() {
        if (!present()) {
            return List.of();
        }
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve("cases.tsv"))) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                rows.add(new Row(f[0], f[1], f[3].isEmpty() ? List.of() : List.of(f[3].split(","))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SATA layout of the first OK run of {@code name}, or 32 ports. */
    static SataLayout layoutOf(String name) {
        return rows().stream().filter(r -> r.name().equals(name) && r.expect().equals("OK")).findFirst()
                .map(Row::sataLayout).orElse(SataLayout.PORTS_32);
    }
}
