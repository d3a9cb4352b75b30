package org.bhyvirt.driver.cli;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.bhyvirt.driver.argv.BhyveCapability;
import org.bhyvirt.driver.argv.GrubCapability;

/**
 * One row of a conformance folder's {@code cases.tsv}: the case name (the files are
 * {@code bhyvexml2argv-NAME.*}), the expected outcome, the capabilities in force, the firmware
 * directory's harness name ({@code fakefirmwaredir} or {@code fakefirmwareemptydir}) and whether
 * the row is lenient (a FAIL row whose note says the harness also accepts a build whose output
 * equals the files, as libvirt's harness does).
 */
record ConformanceCase(String name, ExpectedOutcome expect, Set<BhyveCapability> bhyveCaps,
                       Set<GrubCapability> grubCaps, String firmwareDir, boolean lenient) {

    ConformanceCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expect, "expect");
        bhyveCaps = Set.copyOf(bhyveCaps);
        grubCaps = Set.copyOf(grubCaps);
        Objects.requireNonNull(firmwareDir, "firmwareDir");
    }

    /** Parses the rows of a cases.tsv text; {@code #} lines and blank lines are skipped. */
    static List<ConformanceCase> parseTsv(List<String> lines) {
        return lines.stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(ConformanceCase::parseRow)
                .toList();
    }

    private static ConformanceCase parseRow(String line) {
        String[] cols = line.split("\t", -1);
        if (cols.length < 6) {
            throw new IllegalArgumentException("cases.tsv row has " + cols.length + " columns, needs 6: " + line);
        }
        String note = cols.length > 7 ? cols[7] : "";
        return new ConformanceCase(cols[0], ExpectedOutcome.valueOf(cols[1]),
                flags(cols[3], BhyveCapability.class), flags(cols[4], GrubCapability.class), cols[5],
                note.startsWith("lenient"));
    }

    private static <E extends Enum<E>> Set<E> flags(String column, Class<E> type) {
        if (column.isBlank() || column.equals("-")) {
            return Set.of();
        }
        return java.util.Arrays.stream(column.split(","))
                .map(String::trim)
                .map(flag -> Enum.valueOf(type, flag))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
