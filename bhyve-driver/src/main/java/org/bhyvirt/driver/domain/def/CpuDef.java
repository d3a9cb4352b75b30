package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;

/**
 * {@code <cpu>}: for bhyve only its topology matters ({@code -c cpus=N,sockets=S,cores=C,threads=T}).
 *
 * @param topology the topology, null when the cpu element has none
 */
public record CpuDef(@Valid CpuTopology topology) {
}
