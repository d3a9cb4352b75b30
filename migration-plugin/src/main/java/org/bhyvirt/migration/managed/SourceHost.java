package org.bhyvirt.migration.managed;

import java.util.Objects;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.vmm.VmmProvider;

/**
 * The source side of a migration: the host's domain driver (job, states, events, the end of the
 * source bhyve) and its Vmm provider (the running VM's memory, dirty log, vCPUs and state).
 *
 * @param driver the source host's domain driver
 * @param vmms   the source host's VMs
 */
public record SourceHost(DomainDriver driver, VmmProvider vmms) {
    public SourceHost {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(vmms, "vmms");
    }
}
