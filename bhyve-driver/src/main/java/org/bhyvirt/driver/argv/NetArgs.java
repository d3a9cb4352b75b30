package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.InterfaceDef;
import org.bhyvirt.driver.domain.def.InterfaceModel;
import org.bhyvirt.driver.domain.def.InterfaceType;
import org.bhyvirt.driver.domain.def.PciAddress;

/**
 * One {@code -s S:0,MODEL,TAP,mac=MAC} per interface, in order. The model is virtio-net, or
 * e1000 when bhyve has NET_E1000. Bridge interfaces and libvirt networks (which resolve to a
 * bridge) are taken; the tap name comes from the {@link BuildContext}. Other interface types are
 * refused, as in libvirt 11.3.
 */
final class NetArgs {

    private NetArgs() {
    }

    static List<String> of(DomainDef def, BhyveCapabilities caps, BuildContext context) {
        List<String> argv = new ArrayList<>();
        for (InterfaceDef net : def.devices().interfaces()) {
            String model;
            if (net.effectiveModel() == InterfaceModel.VIRTIO) {
                model = "virtio-net";
            } else if (net.effectiveModel() == InterfaceModel.E1000) {
                if (!caps.has(BhyveCapability.NET_E1000)) {
                    throw Refusal.unsupported("NIC model 'e1000' is not supported by given bhyve binary");
                }
                model = "e1000";
            } else {
                throw Refusal.unsupported("NIC model is not supported");
            }
            if (net.type() != InterfaceType.BRIDGE && net.type() != InterfaceType.NETWORK) {
                throw Refusal.unsupported("Network type " + net.type().xmlName() + " is not supported");
            }
            PciAddress pci = Refusal.pci(net.address(), "interface " + net.mac());
            String tap = context.tapName().apply(net);
            argv.add("-s");
            argv.add(pci.slot() + ":0," + model + "," + tap + ",mac=" + net.mac());
        }
        return argv;
    }
}
