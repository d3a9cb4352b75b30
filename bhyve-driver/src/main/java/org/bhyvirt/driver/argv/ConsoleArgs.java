package org.bhyvirt.driver.argv;

import java.util.List;

import org.bhyvirt.driver.domain.def.ChrDef;
import org.bhyvirt.driver.domain.def.ChrType;
import org.bhyvirt.driver.domain.def.DomainDef;

/**
 * {@code -l comN,MASTER} for the first serial port (bhyve gets the nmdm A side), N being the
 * target port plus one. Only the first serial port is used, as in libvirt 11.3; a port above 2
 * and a type other than nmdm are refused.
 */
final class ConsoleArgs {

    private ConsoleArgs() {
    }

    static List<String> of(DomainDef def) {
        if (def.devices().serials().isEmpty()) {
            return List.of();
        }
        ChrDef chr = def.devices().serials().get(0);
        if (chr.type() != ChrType.NMDM) {
            throw Refusal.unsupported("only nmdm console types are supported");
        }
        if (chr.port() > 2) {
            throw Refusal.unsupported("only two serial ports are supported");
        }
        return List.of("-l", "com" + (chr.port() + 1) + "," + chr.master());
    }
}
