package org.bhyvirt.plugin.host;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.config.Config;

/**
 * Test stand-ins for what the container injects into {@link PluginHost}: a MicroProfile Config of
 * fixed values (only {@code getOptionalValue} answers) and CDI events that record what was fired
 * (only {@code fire} answers). Anything else a test would call fails loudly.
 */
final class CdiFakes {

    private CdiFakes() {
    }

    static Config config(Map<String, String> values) {
        return (Config) Proxy.newProxyInstance(CdiFakes.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getOptionalValue") && args[1] == String.class) {
                        return Optional.ofNullable(values.get((String) args[0]));
                    }
                    throw new UnsupportedOperationException("Config." + method.getName() + " in a test");
                });
    }

    /** An {@link Event} whose fired payloads land in {@code fired}; an observer failure is simulated by {@code failing}. */
    @SuppressWarnings("unchecked")
    static <T> Event<T> events(List<Object> fired, boolean failing) {
        return (Event<T>) Proxy.newProxyInstance(CdiFakes.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fire")) {
                        fired.add(args[0]);
                        if (failing) {
                            throw new IllegalStateException("an observer failed");
                        }
                        return null;
                    }
                    throw new UnsupportedOperationException("Event." + method.getName() + " in a test");
                });
    }

    /** A recording list safe to read while the driver's threads add to it. */
    static List<Object> recording() {
        return new CopyOnWriteArrayList<>();
    }
}
