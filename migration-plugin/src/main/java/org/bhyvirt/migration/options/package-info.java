/**
 * Per-migration options (kind, downtime limit, bandwidth limit, parallel channels, timeout,
 * auto-converge), validated on construction so an engine never sees an out-of-range value.
 */
package org.bhyvirt.migration.options;
