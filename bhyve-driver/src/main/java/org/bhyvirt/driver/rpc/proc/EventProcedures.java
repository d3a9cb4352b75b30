package org.bhyvirt.driver.rpc.proc;

import static org.bhyvirt.driver.rpc.proc.Domains.retInt;
import static org.bhyvirt.driver.rpc.server.Access.READ_ONLY;

import java.util.Optional;
import java.util.UUID;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.event.RpcEventHub;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;

/**
 * Domain event registration: the callback form (REGISTER_ANY with a server-assigned callback id,
 * optionally for one domain) and the legacy form (one registration per event id). Every event id
 * libvirt 9.0 defines is accepted; lifecycle events are the ones this host emits. Read-only
 * connections may listen.
 */
final class EventProcedures {

    void register(ProcedureTable t) {
        t.add(RemoteProcedure.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, READ_ONLY, d -> {
            int eventId = d.readInt("eventID");
            Optional<UUID> domain = d.readOptional("dom", RemoteDomain::read).map(RemoteDomain::uuid);
            return s -> retInt(s.addCallback(checkEventId(eventId), domain, false).id());
        });
        t.add(RemoteProcedure.CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY, READ_ONLY, d -> {
            int callbackId = d.readInt("callbackID");
            return s -> {
                if (!s.removeCallback(callbackId)) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                            "callback " + callbackId + " not registered");
                }
                return Procedure.VOID;
            };
        });
        t.add(RemoteProcedure.CONNECT_DOMAIN_EVENT_REGISTER_ANY, READ_ONLY, d -> {
            int eventId = d.readInt("eventID");
            return s -> {
                s.addCallback(checkEventId(eventId), Optional.empty(), true);
                return Procedure.VOID;
            };
        });
        t.add(RemoteProcedure.CONNECT_DOMAIN_EVENT_DEREGISTER_ANY, READ_ONLY, d -> {
            int eventId = d.readInt("eventID");
            return s -> {
                if (!s.removeLegacyCallback(eventId)) {
                    throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR,
                            "domain event " + eventId + " not registered");
                }
                return Procedure.VOID;
            };
        });
    }

    private static int checkEventId(int eventId) {
        if (eventId < 0 || eventId >= RpcEventHub.EVENT_ID_COUNT) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "unsupported event ID " + eventId);
        }
        return eventId;
    }
}
