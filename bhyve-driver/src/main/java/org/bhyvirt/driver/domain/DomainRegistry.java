package org.bhyvirt.driver.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * All domains of the host, by name and by UUID, libvirt's virDomainObjList: names and UUIDs are
 * unique, checked and inserted in one step under the registry's own monitor. The registry never
 * waits for a domain's lock while holding its monitor (a new object is locked before it is
 * published), so it cannot deadlock with an operation that holds a domain lock and removes it.
 */
final class DomainRegistry {

    private final Map<String, DomainObject> byName = new HashMap<>();
    private final Map<UUID, DomainObject> byUuid = new HashMap<>();

    /** What {@link #addOrFind} did. */
    record Added(DomainObject domain, boolean created) {
    }

    /**
     * Finds the domain with this name and UUID, or creates, locks and inserts a new one. A name
     * taken by another UUID, or a UUID taken by another name, fails with VIR_ERR_OPERATION_FAILED
     * and libvirt's messages. A found domain is returned unlocked.
     */
    synchronized Added addOrFind(String name, UUID uuid) {
        DomainObject sameUuid = byUuid.get(uuid);
        if (sameUuid != null) {
            if (!sameUuid.name.equals(name)) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                        "domain '" + sameUuid.name + "' is already defined with uuid " + uuid);
            }
            return new Added(sameUuid, false);
        }
        DomainObject sameName = byName.get(name);
        if (sameName != null) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "domain '" + name + "' already exists with uuid " + sameName.uuid);
        }
        DomainObject d = new DomainObject(name, uuid);
        d.lock.lock();
        byName.put(name, d);
        byUuid.put(uuid, d);
        return new Added(d, true);
    }

    synchronized void remove(DomainObject d) {
        d.removed = true;
        byName.remove(d.name, d);
        byUuid.remove(d.uuid, d);
    }

    synchronized DomainObject byName(String name) {
        return byName.get(name);
    }

    synchronized DomainObject byUuid(UUID uuid) {
        return byUuid.get(uuid);
    }

    synchronized List<DomainObject> all() {
        List<DomainObject> l = new ArrayList<>(byName.values());
        l.sort((a, b) -> a.name.compareTo(b.name));
        return l;
    }
}
