package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.domain.state.DomainState;

/**
 * libvirt's virDomainInfo: state, maximum and current memory (KiB), vCPUs and CPU time used
 * (nanoseconds; 0 when inactive or unknown). Immutable snapshot.
 */
public record DomainInfo(DomainState state, long maxMemKiB, long memoryKiB, int vcpus, long cpuTimeNs) {
}
