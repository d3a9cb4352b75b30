package org.bhyvirt.driver.cli;

import java.util.Optional;

/**
 * The first difference between an expected and an actual text, line by line, described as
 * {@code FILE line N: expected 'X' but was 'Y'} (a missing line is shown as end of file).
 */
final class TextDiff {

    private TextDiff() {
    }

    static Optional<String> firstDifference(String file, String expected, String actual) {
        if (expected.equals(actual)) {
            return Optional.empty();
        }
        String[] want = expected.split("\n", -1);
        String[] got = actual.split("\n", -1);
        for (int i = 0; i < Math.max(want.length, got.length); i++) {
            String w = i < want.length ? want[i] : null;
            String g = i < got.length ? got[i] : null;
            if (w == null || !w.equals(g)) {
                return Optional.of(file + " line " + (i + 1) + ": expected " + show(w) + " but was " + show(g));
            }
        }
        return Optional.of(file + ": texts differ");
    }

    private static String show(String line) {
        return line == null ? "end of file" : "'" + line + "'";
    }
}
