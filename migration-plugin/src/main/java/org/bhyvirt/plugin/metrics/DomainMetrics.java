package org.bhyvirt.plugin.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges {@code bhyvirt_domains{state="running"}} (one per libvirt state) and {@code bhyvirt_host_ready},
 * registered when the application starts and read from the driver at each scrape; while the host
 * does not serve (starting, failed, stopped) every domain gauge reads 0 and the ready gauge 0.
 */
@ApplicationScoped
public class DomainMetrics {

    static final String DOMAINS = "bhyvirt.domains";
    static final String READY = "bhyvirt.host.ready";

    @Inject
    MetricRegistry registry;
    @Inject
    PluginHost host;

    private boolean registered;

    synchronized void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (registered) {
            return;
        }
        Metadata domains = Metadata.builder().withName(DOMAINS)
                .withDescription("domains of this host in each libvirt state").build();
        for (DomainState state : DomainState.values()) {
            registry.gauge(domains, () -> count(state), new Tag("state", state.name().toLowerCase(Locale.ROOT)));
        }
        registry.gauge(Metadata.builder().withName(READY)
                .withDescription("1 while the host's driver serves, else 0").build(),
                () -> host.status().isReady() ? 1 : 0);
        registered = true;
    }

    private long count(DomainState state) {
        if (!host.status().isReady()) {
            return 0;
        }
        try {
            DomainDriver driver = host.driver();
            List<DomainState> states = new ArrayList<>();
            for (DomainRef ref : driver.listAllDomains(0)) {
                try {
                    states.add(driver.getState(ref.name()).state());
                } catch (BhyveDriverException e) {
                    // removed since the list was read: no longer counted
                }
            }
            return DomainCounts.byState(states).get(state);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
