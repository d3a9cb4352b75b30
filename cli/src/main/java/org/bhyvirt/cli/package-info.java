/**
 * Clients of the plugin's REST API ({@code /bhyvirt/api/v1}), run from the launcher: the two-host
 * live-migration demo ({@code ./bhyvirt demo}) and the host benchmark ({@code ./bhyvirt bench host}).
 * They use only the JDK's HTTP client and JSON-P, and reach the emulated guests only through the
 * emulator's own tool, as an operator would.
 */
package org.bhyvirt.cli;
