package org.bhyvirt.driver.argv;

import java.util.Objects;
import java.util.function.Function;

import org.bhyvirt.driver.domain.def.InterfaceDef;

/**
 * What the command builder needs from the host besides the capabilities: the tap device bhyve
 * attaches each interface to (the driver creates taps for real; {@code domxml-to-native} answers
 * {@code tap0} as libvirt's dry run does, the conformance harness {@code faketapdev}), the path
 * grub-bhyve reads its device.map from, and the build mode.
 *
 * @param tapName       the tap device name of an interface
 * @param deviceMapPath the device.map path passed to grub-bhyve
 * @param mode          dry run or start
 */
public record BuildContext(Function<InterfaceDef, String> tapName, String deviceMapPath, BuildMode mode) {

    public BuildContext {
        Objects.requireNonNull(tapName, "tapName");
        Objects.requireNonNull(deviceMapPath, "deviceMapPath");
        Objects.requireNonNull(mode, "mode");
    }

    /** libvirt's dry run: every tap is {@code tap0}. */
    public static BuildContext dryRun(String deviceMapPath) {
        return new BuildContext(net -> "tap0", deviceMapPath, BuildMode.DRY_RUN);
    }
}
