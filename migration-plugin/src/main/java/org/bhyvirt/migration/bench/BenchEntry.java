package org.bhyvirt.migration.bench;

/**
 * One scenario's row: its result and the baseline measured right after it, or the error that stopped it.
 *
 * @param scenario    the scenario's name
 * @param result      what it measured (null when it failed)
 * @param baseline    the loopback copy of {@link ScenarioResult#baselineBytes()} (null when it failed)
 * @param pairedWith  the scenario this one migrates the same guest as (QEMU rows name the native row), or null
 * @param error       why it failed, or null
 */
public record BenchEntry(String scenario, ScenarioResult result, LoopbackBaseline.Result baseline, String pairedWith,
                         String error) {
    /** A measured row. */
    public static BenchEntry measured(ScenarioResult result, LoopbackBaseline.Result baseline, String pairedWith) {
        return new BenchEntry(result.name(), result, baseline, pairedWith, null);
    }

    /** A failed row. */
    public static BenchEntry failed(String scenario, String error) {
        return new BenchEntry(scenario, null, null, null, error);
    }

    /** Baseline time over the scenario's total time: 1.0 = as fast as the raw socket copy; UNKNOWN without both. */
    public double baselineRatio() {
        if (result == null || baseline == null || result.totalMs() <= 0) {
            return ScenarioResult.UNKNOWN;
        }
        return baseline.millis() / result.totalMs();
    }
}
