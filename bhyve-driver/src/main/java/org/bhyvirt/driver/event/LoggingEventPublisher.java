package org.bhyvirt.driver.event;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The default {@link EventPublisher}: writes every lifecycle event as one INFO line to the
 * platform logger {@code org.bhyvirt.driver.event}. Never throws.
 */
public final class LoggingEventPublisher implements EventPublisher {

    private static final Logger LOG = System.getLogger("org.bhyvirt.driver.event");

    @Override
    public void publish(LifecycleEvent event) {
        try {
            LOG.log(Level.INFO, "{0} domain {1} ({2}): {3} {4} -> {5}/{6}", event.host(), event.domainName(),
                    event.domainUuid(), event.type(), event.detail(), event.statusAfter().state(),
                    event.statusAfter().reason());
        } catch (RuntimeException e) {
            // A broken logging back end must not fail a lifecycle call; the event is lost, the guest is fine.
        }
    }
}
