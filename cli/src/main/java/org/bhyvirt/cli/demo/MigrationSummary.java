package org.bhyvirt.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bhyvirt.cli.rest.Migration;
import org.bhyvirt.cli.rest.MigrationResult;

/**
 * The lines the demo prints after a migration: for a completed one its total time, downtime with the
 * host's breakdown, bytes and rounds (and the effective rate); for another its status and the error
 * with libvirt's number and the phase it failed in. Pure.
 */
public final class MigrationSummary {

    private MigrationSummary() {
    }

    public static List<String> lines(String from, String to, Migration m) {
        List<String> out = new ArrayList<>();
        String kind = m.kind().toLowerCase(Locale.ROOT);
        if (m.completed() && m.result().isPresent()) {
            MigrationResult r = m.result().get();
            out.add(String.format(Locale.ROOT, "%s migration %s -> %s completed in %s", kind, from, to, Units.millis(r.totalMs())));
            StringBuilder downtime = new StringBuilder("downtime ").append(ms(r.downtimeMs()));
            if (!r.downtimeBreakdownMs().isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, Double> e : r.downtimeBreakdownMs().entrySet()) {
                    parts.add(label(e.getKey()) + " " + ms(e.getValue()));
                }
                downtime.append(" (").append(String.join(", ", parts)).append(')');
            }
            out.add(downtime.toString());
            String rate = r.totalMs() > 0 ? ", " + Units.rate(r.bytes() * 1000 / r.totalMs()) + " on average" : "";
            out.add(String.format(Locale.ROOT, "%s sent in %d round%s%s", Units.bytes(r.bytes()), r.rounds(),
                    r.rounds() == 1 ? "" : "s", rate));
        } else {
            out.add(String.format(Locale.ROOT, "%s migration %s -> %s %s", kind, from, to,
                    m.status().toLowerCase(Locale.ROOT)));
            m.error().ifPresent(e -> out.add(String.format(Locale.ROOT, "error in phase %s: %s (libvirt error %d%s)",
                    e.phase().isEmpty() ? "?" : e.phase(), e.message(), e.libvirtError(),
                    e.libvirtErrorName().isEmpty() ? "" : " " + e.libvirtErrorName())));
        }
        return out;
    }

    private static String ms(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** {@code finalRoundMs} -> {@code final round}: the host's field name without its unit, in words. */
    static String label(String key) {
        String bare = key.endsWith("Ms") ? key.substring(0, key.length() - 2) : key;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
