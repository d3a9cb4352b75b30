package org.bhyvirt.driver.vmm.freebsd;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.driver.vmm.VmmProvider;

/**
 * The VMs of one FreeBSD host ({@code /dev/vmm/NAME}) as {@link FreeBsdVmm}s. {@link #open} attaches to an
 * existing VM; {@link #createIncoming} creates one as bhyveload leaves it: {@code hw.vmm.create=NAME}, then
 * {@code vm_setup_memory}'s steps ({@code VM_ALLOC_MEMSEG} of the system memory object, 4 GiB + highmem
 * when the guest has highmem, else lowmem; {@code VM_MMAP_MEMSEG} of highmem at 4 GiB, then lowmem at 0),
 * wired ({@code bhyve -S}, which the patch's dirty tracking needs). A half-created VM is destroyed again.
 * Names are 1..{@value #MAX_NAME} characters without '/' (the kernel's {@code VM_MAX_NAMELEN} buffer).
 */
public final class FreeBsdVmmProvider implements VmmProvider {
    /** Longest VM name the kernel's {@code hw.vmm.create} accepts. */
    public static final int MAX_NAME = 31;
    private final VmmSyscalls sys;

    /** The host's VMs through libc. */
    public FreeBsdVmmProvider() {
        this(new LibcVmmSyscalls());
    }

    /** The VMs reached through {@code sys}. */
    public FreeBsdVmmProvider(VmmSyscalls sys) {
        this.sys = sys;
    }

    @Override
    public Vmm open(String name) {
        checkName(name);
        return FreeBsdVmm.attach(VmmDevice.open(sys, name), () -> destroy(name));
    }

    @Override
    public Vmm createIncoming(String name, MemoryLayout layout) {
        checkName(name);
        try {
            sys.sysctlSetString("hw.vmm.create", name);
        } catch (Errno e) {
            if (e.code() == Errno.EEXIST) {
                throw new BhyveDriverException(VirErrorNumber.DOM_EXIST, "VM '" + name
                        + "' already exists on this host; an incoming VM needs a free name", e);
            }
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot create VM '" + name
                    + "' (hw.vmm.create): errno " + e.code(), e);
        }
        VmmDevice device = null;
        try {
            device = VmmDevice.open(sys, name);
            long object = layout.highmemBytes() > 0 ? MemoryLayout.HIGHMEM_BASE + layout.highmemBytes()
                    : layout.lowmemBytes();
            device.allocateSystemMemory(object);
            if (layout.highmemBytes() > 0) {
                device.mapSystemMemory(MemoryLayout.HIGHMEM_BASE, layout.highmemBytes(), VmmStructs.VM_MEMMAP_F_WIRED);
            }
            device.mapSystemMemory(0, layout.lowmemBytes(), VmmStructs.VM_MEMMAP_F_WIRED);
            VmmDevice attached = device;
            device = null;
            FreeBsdVmm vmm = FreeBsdVmm.attach(attached, () -> destroy(name));
            if (!vmm.layout().equals(layout)) {
                vmm.close();
                throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "incoming VM '" + name
                        + "' has layout " + vmm.layout() + " after setup, not " + layout);
            }
            return vmm;
        } catch (RuntimeException e) {
            if (device != null) {
                device.close();
            }
            try {
                destroy(name);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof BhyveDriverException b ? b : new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR,
                    "cannot set up incoming VM '" + name + "': " + e.getMessage(), e);
        }
    }

    private void destroy(String name) {
        try {
            sys.sysctlSetString("hw.vmm.destroy", name);
        } catch (Errno e) {
            VirErrorNumber n = e.code() == Errno.EBUSY ? VirErrorNumber.OPERATION_INVALID
                    : e.code() == Errno.ENOENT || e.code() == Errno.EINVAL ? VirErrorNumber.NO_DOMAIN
                    : VirErrorNumber.SYSTEM_ERROR;
            throw new BhyveDriverException(n, "cannot destroy VM '" + name + "' (hw.vmm.destroy): errno " + e.code(), e);
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == 0 || c == '\n')) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "'" + name + "' is not a valid VM name (1.."
                    + MAX_NAME + " characters, no '/')");
        }
    }
}
