package org.bhyvirt.emulator.migration;

import java.io.IOException;
import java.util.List;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MappedFile;
import org.bhyvirt.emulator.vm.MemoryLayout;

/** What a migration source needs from its running bhyve: memory, dirty bits, pause, state, and the end. */
public interface MigrationSourceVm {
    /** The memory layout. */
    MemoryLayout layout();

    /** Guest memory (lowmem then highmem). */
    MappedFile memory();

    /** The dirty bitmap. */
    DirtyBitmap dirty();

    /** Pauses every vCPU, the devices and the clock (nests). */
    void pause();

    /** Ends one {@link #pause}. */
    void resume();

    /** The emulator's kernel state blob (workload, vCPU states, devices); call while paused. */
    byte[] kernelState() throws IOException;

    /** The command line's devices as {@code slot:func,emulation}. */
    List<String> devices();

    /** Destroys the VM and ends the process with status 0; does not return. */
    void destroyAndExit();
}
