package org.bhyvirt.migration.nativ;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * The source side: the bhyvectl argv that starts the migration, and how to observe the running source
 * bhyve (its exit status once it ends, and whether its VM, {@code /dev/vmm/NAME}, still exists).
 *
 * @param bhyvectlArgv program and arguments, e.g. {@code [/usr/sbin/bhyvectl, --vm=vm0, --migrate-live=10.0.0.2,24983]}
 * @param environment  variables added to the inherited environment
 * @param bhyveExit    completes with the source bhyve's exit status when it ends
 * @param vmPresent    whether the source VM still exists
 */
public record NativeSource(List<String> bhyvectlArgv, Map<String, String> environment, CompletionStage<Integer> bhyveExit,
                           BooleanSupplier vmPresent) {
    /** Copies the lists and checks that bhyvectl is asked to migrate. */
    public NativeSource {
        bhyvectlArgv = List.copyOf(bhyvectlArgv);
        environment = Map.copyOf(environment);
        if (bhyvectlArgv.stream().noneMatch(a -> a.startsWith("--migrate=") || a.startsWith("--migrate-live="))) {
            throw new IllegalArgumentException("the bhyvectl argv " + bhyvectlArgv + " has no --migrate or --migrate-live");
        }
    }
}
