package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.PositiveOrZero;

/**
 * A drive address: which controller a disk hangs on, and where on it
 * ({@code controller='0' bus='0' target='0' unit='3'}). For SATA the controller is the AHCI
 * controller's index and the unit its port; for NVMe the controller is the NVMe controller and the
 * bus the namespace index.
 */
public record DriveAddress(
        @PositiveOrZero int controller,
        @PositiveOrZero int bus,
        @PositiveOrZero int target,
        @PositiveOrZero int unit) implements DeviceAddress {
}
