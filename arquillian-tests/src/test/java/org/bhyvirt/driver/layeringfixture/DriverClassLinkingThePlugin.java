package org.bhyvirt.driver.layeringfixture;

import org.bhyvirt.plugin.config.ConfigKey;

/**
 * A deliberate violation of the layering rules: a class in the driver's packages that links the
 * plugin. Test data only (the layering test shows its rule catches this class).
 */
public final class DriverClassLinkingThePlugin {

    private DriverClassLinkingThePlugin() {
    }

    public static String stateDirKey() {
        return ConfigKey.STATE_DIR.key();
    }
}
