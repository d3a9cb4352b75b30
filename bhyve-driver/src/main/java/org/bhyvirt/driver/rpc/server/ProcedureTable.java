package org.bhyvirt.driver.rpc.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.bhyvirt.driver.rpc.proc.RemoteProcedure;

/**
 * Procedure number to handler and access rule. Built once by the procedure groups, then read-only
 * (safe to share between connections).
 */
public final class ProcedureTable {

    /** A registered procedure. */
    public record Entry(RemoteProcedure procedure, Access access, Procedure handler) {
    }

    private final Map<Integer, Entry> entries = new HashMap<>();

    /** Registers {@code handler} for {@code procedure}; each number once. */
    public ProcedureTable add(RemoteProcedure procedure, Access access, Procedure handler) {
        if (entries.putIfAbsent(procedure.number(), new Entry(procedure, access, handler)) != null) {
            throw new IllegalStateException(procedure + " registered twice");
        }
        return this;
    }

    public Optional<Entry> find(int number) {
        return Optional.ofNullable(entries.get(number));
    }

    public boolean has(RemoteProcedure procedure) {
        return entries.containsKey(procedure.number());
    }

    public int size() {
        return entries.size();
    }
}
