/**
 * The emulated programs' entry points (bhyve, bhyvectl, bhyveload, grub-bhyve, bhyve-emu) and their argv parsing, which follows the FreeBSD programs' rules, messages and exit statuses.
 */
package org.bhyvirt.emulator.cli;
