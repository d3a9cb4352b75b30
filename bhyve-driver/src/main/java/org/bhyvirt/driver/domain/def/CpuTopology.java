package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.Positive;

/**
 * {@code <cpu><topology sockets dies clusters cores threads/>}. dies and clusters default to 1,
 * as libvirt fills them in; the product must equal the vCPU count (checked by the parser).
 */
public record CpuTopology(
        @Positive int sockets,
        @Positive int dies,
        @Positive int clusters,
        @Positive int cores,
        @Positive int threads) {

    /** sockets × dies × clusters × cores × threads. */
    public long product() {
        return (long) sockets * dies * clusters * cores * threads;
    }
}
