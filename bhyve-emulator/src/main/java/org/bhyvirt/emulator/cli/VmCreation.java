package org.bhyvirt.emulator.cli;

import java.io.IOException;
import java.nio.file.Files;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MappedFile;
import org.bhyvirt.emulator.vm.MemoryLayout;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * What a loader does to the emulated vmm(4): {@code vm_create} (an existing VM is reused) and
 * {@code vm_setup_memory} (sparse memory file and dirty bitmap of the requested size; an existing VM with
 * another memory size is refused as vmm refuses it).
 */
final class VmCreation {
    private VmCreation() {
    }

    static void createWithMemory(String prog, String name, long memBytes) throws IOException {
        if (!VmPaths.validName(name)) {
            throw new ExitException(1, prog + ": vm_create: Invalid argument");
        }
        if (memBytes <= 0 || memBytes % MemoryLayout.PAGE_SIZE != 0) {
            throw new ExitException(1, prog + ": vm_setup_memory: Invalid argument");
        }
        VmPaths paths = VmPaths.of(name);
        MemoryLayout layout = new MemoryLayout(memBytes);
        if (Files.exists(paths.memory()) && Files.size(paths.memory()) != memBytes) {
            throw new ExitException(1, prog + ": vm_setup_memory: Invalid argument");
        }
        Files.createDirectories(paths.dir());
        MappedFile.open(paths.memory(), memBytes, false).close();
        DirtyBitmap.open(paths.dirtyBitmap(), layout, false).close();
    }
}
