/**
 * The emulated host network: tap and bridge interfaces as FreeBSD's ifconfig(8) creates them, kept as
 * files under {@code $BHYVIRT_EMU_DIR/net} so bhyve can check that the tap of a network device exists.
 */
package org.bhyvirt.emulator.net;
