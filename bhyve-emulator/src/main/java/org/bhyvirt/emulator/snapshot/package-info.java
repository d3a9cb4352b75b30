/**
 * Checkpoint files as bhyve writes them: raw memory (lowmem then highmem), the versioned vCPU/device state (FILE.kern) and the JSON metadata (FILE.meta).
 */
package org.bhyvirt.emulator.snapshot;
