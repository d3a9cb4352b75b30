package org.bhyvirt.driver.domain;

import java.nio.file.Path;
import java.util.function.Function;

import org.bhyvirt.driver.argv.BhyveCommands;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.InterfaceDef;

/**
 * Builds the command lines that start a domain (bhyve, loader, grub device.map) from its
 * definition, given the tap chosen for each interface and where the device.map will be. A pure
 * function of its inputs and the host's probed capabilities; refusals are
 * {@link org.bhyvirt.driver.error.BhyveDriverException}s.
 */
@FunctionalInterface
public interface GuestCommandFactory {

    BhyveCommands build(DomainDef def, Function<InterfaceDef, String> tapOf, Path deviceMap);
}
