package org.bhyvirt.driver.domain.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import org.bhyvirt.driver.domain.state.DomainStateReason;

/**
 * What the driver records about a running domain so that a later driver can re-adopt it: bhyve's
 * pid and start time, the supervisor's pid, state and reason, the domain id, the bhyve argv used,
 * the taps created for it (as {@code bridge/tap}), and whether the domain is transient. Immutable;
 * {@link #format()} and {@link #parse} round-trip.
 */
public record RuntimeStatus(long bhyvePid, long supervisorPid, Optional<Instant> bhyveStart,
                            DomainStateReason reason, int id, List<String> argv, List<String> taps,
                            boolean transientDomain) {

    public RuntimeStatus {
        Objects.requireNonNull(bhyveStart, "bhyveStart");
        Objects.requireNonNull(reason, "reason");
        argv = List.copyOf(argv);
        taps = List.copyOf(taps);
    }

    public RuntimeStatus withReason(DomainStateReason r) {
        return new RuntimeStatus(bhyvePid, supervisorPid, bhyveStart, r, id, argv, taps, transientDomain);
    }

    /** This status of a domain that lost (true) or gained (false) its persistent definition while running. */
    public RuntimeStatus withTransient(boolean transientNow) {
        return new RuntimeStatus(bhyvePid, supervisorPid, bhyveStart, reason, id, argv, taps, transientNow);
    }

    /** The properties text stored in {@code run/NAME.status}. */
    public String format() {
        Properties p = new Properties();
        p.setProperty("format", "bhyvirt-runtime-status-1");
        p.setProperty("bhyvePid", Long.toString(bhyvePid));
        p.setProperty("supervisorPid", Long.toString(supervisorPid));
        bhyveStart.ifPresent(s -> p.setProperty("bhyveStart", s.toString()));
        p.setProperty("reason", reason.name());
        p.setProperty("id", Integer.toString(id));
        p.setProperty("transient", Boolean.toString(transientDomain));
        p.setProperty("argc", Integer.toString(argv.size()));
        for (int i = 0; i < argv.size(); i++) {
            p.setProperty("argv." + i, argv.get(i));
        }
        p.setProperty("tapc", Integer.toString(taps.size()));
        for (int i = 0; i < taps.size(); i++) {
            p.setProperty("tap." + i, taps.get(i));
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    /** Parses {@link #format()}'s output; fails with IllegalArgumentException naming what is wrong. */
    public static RuntimeStatus parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable runtime status: " + e.getMessage(), e);
        }
        if (!"bhyvirt-runtime-status-1".equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("not a bhyvirt runtime status (format " + p.getProperty("format") + ")");
        }
        try {
            List<String> argv = new ArrayList<>();
            int argc = Integer.parseInt(p.getProperty("argc", "0"));
            for (int i = 0; i < argc; i++) {
                argv.add(Objects.requireNonNull(p.getProperty("argv." + i), "argv." + i));
            }
            List<String> taps = new ArrayList<>();
            int tapc = Integer.parseInt(p.getProperty("tapc", "0"));
            for (int i = 0; i < tapc; i++) {
                taps.add(Objects.requireNonNull(p.getProperty("tap." + i), "tap." + i));
            }
            String start = p.getProperty("bhyveStart");
            return new RuntimeStatus(Long.parseLong(p.getProperty("bhyvePid")),
                    Long.parseLong(p.getProperty("supervisorPid", "0")),
                    start == null ? Optional.empty() : Optional.of(Instant.parse(start)),
                    DomainStateReason.valueOf(p.getProperty("reason")), Integer.parseInt(p.getProperty("id")),
                    argv, taps, Boolean.parseBoolean(p.getProperty("transient")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad runtime status: " + e.getMessage(), e);
        }
    }
}
