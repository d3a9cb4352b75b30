package org.bhyvirt.migration.nativ;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the emulator's flat one-line JSON answers (string, number and boolean fields) for assertions. */
final class FlatJson {
    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)");

    private FlatJson() {
    }

    static Map<String, String> parse(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = FIELD.matcher(json);
        while (x.find()) {
            m.put(x.group(1), x.group(3) != null ? x.group(3) : x.group(2));
        }
        return m;
    }
}
