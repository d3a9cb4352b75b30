package org.bhyvirt.cli.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's command line, as the launcher passes it: the two hosts' base URLs and emulator
 * directories, the emulator's bin directory, the example domain XML, a working directory for the
 * guest image, and the guest's workload. Parsing fails with {@link IllegalArgumentException} naming
 * the missing or unknown option.
 */
public record DemoOptions(String urlA, String urlB, Path vmDirA, Path vmDirB, Path emulatorBin, Path example,
                          Path workDir, String workingSet, String writeRate, long migrationTimeoutSeconds) {

    static final String USAGE = "usage: MigrationDemo --a URL --b URL --a-vm-dir DIR --b-vm-dir DIR --emulator-bin DIR"
            + " --example FILE --work-dir DIR [--working-set 25%] [--write-rate 64MiB/s] [--timeout-seconds 60]";

    private static final Set<String> REQUIRED = Set.of("a", "b", "a-vm-dir", "b-vm-dir", "emulator-bin", "example", "work-dir");
    private static final Set<String> OPTIONAL = Set.of("working-set", "write-rate", "timeout-seconds");

    public static DemoOptions parse(List<String> args) {
        Map<String, String> kv = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key = a.substring(2);
            if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            kv.put(key, args.get(++i));
        }
        for (String r : REQUIRED) {
            if (!kv.containsKey(r)) {
                throw new IllegalArgumentException("missing option --" + r);
            }
        }
        long timeout;
        try {
            timeout = Long.parseLong(kv.getOrDefault("timeout-seconds", "60"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--timeout-seconds '" + kv.get("timeout-seconds") + "' is not a number", e);
        }
        return new DemoOptions(kv.get("a"), kv.get("b"), Path.of(kv.get("a-vm-dir")), Path.of(kv.get("b-vm-dir")),
                Path.of(kv.get("emulator-bin")), Path.of(kv.get("example")), Path.of(kv.get("work-dir")),
                kv.getOrDefault("working-set", "25%"), kv.getOrDefault("write-rate", "64MiB/s"), timeout);
    }
}
