package org.bhyvirt.cli.events;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import jakarta.json.JsonObject;

import org.bhyvirt.events.cloud.CloudEventCodec;
import org.bhyvirt.events.cloud.ReceivedEvent;

/**
 * One event as one line a person reads: time (UTC, milliseconds), host, domain, then for a lifecycle
 * event its detail and the state and reason after it, for a migration event its kind and the
 * figures it carries (round and bytes, or total time and downtime, or the reason). Pure.
 */
final class EventLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private EventLine() {
    }

    static String of(ReceivedEvent e) {
        JsonObject d = e.data();
        String head = TIME.format(e.time()) + "  " + pad(d.getString("host", "?"), 12) + " "
                + pad(d.getString("domainName", String.valueOf(e.subject())), 12) + " ";
        if (e.type().equals(CloudEventCodec.LIFECYCLE_TYPE)) {
            return head + pad(d.getString("detail", "?"), 20) + " -> " + d.getString("state", "?") + " ("
                    + d.getString("reason", "?") + ")";
        }
        String event = d.getString("event", "?");
        StringBuilder b = new StringBuilder(head).append(pad("migration " + event, 20));
        if (d.containsKey("progress")) {
            JsonObject p = d.getJsonObject("progress");
            b.append(String.format(Locale.ROOT, " round %d, %s sent, %s left", p.getJsonNumber("round").longValue(),
                    mib(p.getJsonNumber("transferredBytes").longValue()),
                    mib(p.getJsonNumber("remainingBytes").longValue())));
        }
        if (d.containsKey("options")) {
            b.append(" ").append(d.getString("kind", "?")).append(" to ").append(d.getString("destination", "?"));
        }
        if (d.containsKey("result")) {
            JsonObject r = d.getJsonObject("result");
            b.append(String.format(Locale.ROOT, " in %d ms, downtime %.1f ms, %d rounds, %s",
                    r.getJsonNumber("totalMs").longValue(), r.getJsonNumber("downtimeMs").doubleValue(),
                    r.getJsonNumber("rounds").longValue(), mib(r.getJsonNumber("bytes").longValue())));
        }
        if (d.containsKey("failure")) {
            JsonObject f = d.getJsonObject("failure");
            b.append(" in ").append(f.getString("phase", "?")).append(": ").append(f.getString("reason", "?"))
                    .append(" (libvirt error ").append(f.getInt("libvirtError", 0)).append(')');
        }
        return b.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
