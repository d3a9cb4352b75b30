package org.bhyvirt.plugin.host;

import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.event.Event;

import org.bhyvirt.driver.event.EventPublisher;
import org.bhyvirt.driver.event.LifecycleEvent;

/**
 * The driver's event port in the container: logs each lifecycle event and fires it as a CDI event
 * of type {@link LifecycleEvent}, synchronously, so observers see one domain's events in the order
 * they happened. It never throws into the driver: an observer's failure is logged and swallowed.
 * Observers must be quick (hand slow work such as a broker send to a managed executor).
 */
public final class CdiEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(CdiEventPublisher.class.getName());

    private final Event<LifecycleEvent> events;

    public CdiEventPublisher(Event<LifecycleEvent> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public void publish(LifecycleEvent event) {
        LOG.info(() -> "domain " + event.domainName() + " (" + event.domainUuid() + ") on " + event.host() + ": "
                + event.detail() + " -> " + event.statusAfter().state() + " (" + event.statusAfter().reason() + ")");
        try {
            events.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of " + event.detail() + " of domain " + event.domainName()
                    + " failed; the event is not delivered to the rest", e);
        }
    }
}
