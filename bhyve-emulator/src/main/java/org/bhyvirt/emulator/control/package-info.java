/**
 * The VM's control socket: versioned line protocol (commands by name, JSON answers), its server, client and a minimal JSON codec.
 */
package org.bhyvirt.emulator.control;
