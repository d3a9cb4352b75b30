package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A {@code <serial>} or {@code <console>} on an nmdm(4) pair. bhyve opens the master (the A
 * side, {@code -l comN,MASTER}); a console client opens the slave (B). After parsing, master and
 * slave are set ({@code /dev/nmdm<UUID>A} / {@code B} by default) and the target port is set.
 *
 * @param type   nmdm
 * @param master the master device
 * @param slave  the slave device
 * @param port   the target port (0 = com1)
 */
public record ChrDef(
        @NotNull ChrType type,
        @NotBlank String master,
        @NotBlank String slave,
        @PositiveOrZero @Max(3) int port) {
}
