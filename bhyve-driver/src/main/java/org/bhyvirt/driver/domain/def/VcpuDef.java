package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * {@code <vcpu placement='static' cpuset='...' current='N'>count</vcpu>}: the number of vCPUs
 * (at least 1; bhyve's limit is 255 in this model's validation).
 *
 * @param count     the maximum vCPU count
 * @param placement static (libvirt's default) or auto
 * @param cpuset    the cpuset attribute, null when absent
 * @param current   the current attribute, null when absent
 */
public record VcpuDef(
        @Min(1) @Max(255) int count,
        @NotNull VcpuPlacement placement,
        String cpuset,
        @Positive Integer current) {

    /** {@code count} vCPUs, static placement. */
    public static VcpuDef of(int count) {
        return new VcpuDef(count, VcpuPlacement.STATIC, null, null);
    }
}
