package org.bhyvirt.plugin.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Summaries of domains read from the driver: reference, info, status and whether the domain is
 * persistent. A domain removed while the list is being read is left out of the list (it no longer
 * exists); asked for alone, it answers NO_DOMAIN.
 */
final class DomainReads {

    private DomainReads() {
    }

    static DomainSummary summary(DomainDriver driver, DomainRef ref) {
        return summary(driver, ref, persistentNames(driver));
    }

    static DomainSummary summary(DomainDriver driver, String name) {
        return summary(driver, driver.lookupByName(name));
    }

    static List<DomainSummary> list(DomainDriver driver, long flags) {
        Set<String> persistent = persistentNames(driver);
        List<DomainSummary> out = new ArrayList<>();
        for (DomainRef ref : driver.listAllDomains(flags)) {
            try {
                out.add(summary(driver, ref, persistent));
            } catch (BhyveDriverException e) {
                if (e.number() != VirErrorNumber.NO_DOMAIN) {
                    throw e;
                }
            }
        }
        return out;
    }

    private static DomainSummary summary(DomainDriver driver, DomainRef ref, Set<String> persistent) {
        return DomainViews.summary(ref, driver.getInfo(ref.name()), driver.getState(ref.name()),
                persistent.contains(ref.name()));
    }

    /** The names of every domain of the host. */
    static Set<String> names(DomainDriver driver) {
        return driver.listAllDomains(0).stream().map(DomainRef::name).collect(Collectors.toSet());
    }

    private static Set<String> persistentNames(DomainDriver driver) {
        return driver.listAllDomains(ListFlag.PERSISTENT.bit()).stream().map(DomainRef::name)
                .collect(Collectors.toSet());
    }
}
