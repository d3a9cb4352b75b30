package org.bhyvirt.migration.bench;

/**
 * One benchmark scenario: a migration of one guest, measured. A runner reports what it measured and
 * leaves fields it cannot measure unknown ({@link ScenarioResult#UNKNOWN}); it never invents figures.
 * It creates its processes and files only inside the workspace it is given, so the benchmark can
 * remove them whatever happens. The managed engine's runner is one more implementation.
 */
public interface ScenarioRunner {
    /** A stable name, matched by {@code --only REGEX} and used as the table's first column. */
    String name();

    /** The guest's memory size in bytes. */
    long guestBytes();

    /** Runs the scenario once in {@code workspace}; throws when the migration failed. */
    ScenarioResult run(BenchWorkspace workspace) throws Exception;
}
