package org.bhyvirt.plugin.config;

/**
 * A configuration value that cannot be used: the message names the key, the value given and what
 * was expected, so an operator can fix the one line at fault.
 */
public final class InvalidConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ConfigKey key;

    public InvalidConfigurationException(ConfigKey key, String message) {
        super(key.key() + ": " + message);
        this.key = key;
    }

    /** The key whose value was refused. */
    public ConfigKey key() {
        return key;
    }
}
