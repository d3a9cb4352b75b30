package org.bhyvirt.migration.nativ;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start the destination bhyve: its full argv (program first; it must contain {@code -R}), extra
 * environment, and the log file its stdout and stderr are appended to (where the readiness line is read).
 *
 * @param bhyveArgv   program and arguments, e.g. {@code [/usr/sbin/bhyve, -c, 2, ..., -R, 10.0.0.2,24983, vm0]}
 * @param environment variables added to the inherited environment
 * @param log         the file that receives the destination's output
 */
public record NativeDestination(List<String> bhyveArgv, Map<String, String> environment, Path log) {
    /** Copies the lists and checks that the argv asks to receive a migration. */
    public NativeDestination {
        bhyveArgv = List.copyOf(bhyveArgv);
        environment = Map.copyOf(environment);
        if (bhyveArgv.isEmpty() || !bhyveArgv.contains("-R")) {
            throw new IllegalArgumentException("the destination bhyve argv " + bhyveArgv + " has no -R host[,port]");
        }
    }
}
