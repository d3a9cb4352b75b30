package org.bhyvirt.driver.domain.def;

import java.util.List;

/**
 * libvirt's controller list operations: adding a controller unless one of that type and index
 * exists, inserted after the last controller of its type (virDomainControllerInsertPreAlloced),
 * and giving controllers without an index the first unused index of their type.
 */
final class Controllers {

    private Controllers() {
    }

    static void maybeAdd(List<ControllerDef> controllers, ControllerType type, int index, ControllerModel model) {
        for (ControllerDef c : controllers) {
            if (c.type() == type && c.index() == index) {
                return;
            }
        }
        insert(controllers, new ControllerDef(type, index, model, null));
    }

    static void insert(List<ControllerDef> controllers, ControllerDef controller) {
        int insertAt = -1;
        for (int i = controllers.size() - 1; i >= 0; i--) {
            ControllerDef current = controllers.get(i);
            if (current.type() != controller.type()) {
                continue;
            }
            if (current.index() > controller.index()) {
                insertAt = i;
            } else if (current.index() < controller.index() && insertAt == -1) {
                insertAt = i + 1;
                break;
            }
        }
        if (insertAt == -1) {
            controllers.add(controller);
        } else {
            controllers.add(insertAt, controller);
        }
    }

    static void assignIndices(List<ControllerDef> controllers) {
        for (int i = 0; i < controllers.size(); i++) {
            ControllerDef c = controllers.get(i);
            if (c.index() >= 0) {
                continue;
            }
            int idx = 0;
            boolean used = true;
            while (used) {
                used = false;
                for (ControllerDef o : controllers) {
                    if (o.type() == c.type() && o.index() == idx) {
                        used = true;
                        idx++;
                        break;
                    }
                }
            }
            controllers.set(i, new ControllerDef(c.type(), idx, c.model(), c.address()));
        }
    }
}
