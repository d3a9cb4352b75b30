package org.bhyvirt.driver.vmm.freebsd;

import java.util.function.Supplier;
import com.sun.jna.Structure;

/**
 * The vmm(4) ioctls the FreeBSD Vmm issues, each with its IOCNUM, direction and argument structure as
 * the UPB branch's {@code sys/amd64/include/vmm_dev.h} (13.x era) defines them (reference §2.5, §3);
 * the request number is computed by {@link Ioctl} from the structure's JNA size. Numbers changed in
 * later upstream releases: this table is for the patched UPB kernel only.
 */
public enum VmmIoctl {
    /** {@code VM_SUSPEND = _IOW('v', 4, struct vm_suspend)}: suspend the whole VM (poweroff, reset...). */
    VM_SUSPEND(4, Ioctl.IOC_IN, VmmStructs.Suspend::new),
    /** {@code VM_ALLOC_MEMSEG = _IOW('v', 14, struct vm_memseg)}: allocate a memory segment (vm_setup_memory). */
    VM_ALLOC_MEMSEG(14, Ioctl.IOC_IN, VmmStructs.Memseg::new),
    /** {@code VM_MMAP_MEMSEG = _IOW('v', 16, struct vm_memmap)}: map a segment into guest physical space. */
    VM_MMAP_MEMSEG(16, Ioctl.IOC_IN, VmmStructs.Memmap::new),
    /** {@code VM_MMAP_GETNEXT = _IOWR('v', 17, struct vm_memmap)}: the next guest mapping at or after gpa. */
    VM_MMAP_GETNEXT(17, Ioctl.IOC_INOUT, VmmStructs.Memmap::new),
    /**
     * {@code VM_GET_REGISTER = _IOWR('v', 21, struct vm_register)}: read a vCPU register; the kernel first
     * freezes the vCPU, waiting until it is out of guest mode.
     */
    VM_GET_REGISTER(21, Ioctl.IOC_INOUT, VmmStructs.Register::new),
    /** {@code VM_GET_CPUS = _IOW('v', 91, struct vm_cpuset)}: the active, suspended or debug vCPU set. */
    VM_GET_CPUS(91, Ioctl.IOC_IN, VmmStructs.CpuSet::new),
    /** {@code VM_SUSPEND_CPU = _IOW('v', 92, struct vm_activate_cpu)}: stop a vCPU (-1 = all). */
    VM_SUSPEND_CPU(92, Ioctl.IOC_IN, VmmStructs.ActivateCpu::new),
    /** {@code VM_RESUME_CPU = _IOW('v', 93, struct vm_activate_cpu)}: let a vCPU run again (-1 = all). */
    VM_RESUME_CPU(93, Ioctl.IOC_IN, VmmStructs.ActivateCpu::new),
    /** {@code VM_SNAPSHOT_REQ = _IOWR('v', 113, struct vm_snapshot_meta)}: save/restore a kernel struct. */
    VM_SNAPSHOT_REQ(113, Ioctl.IOC_INOUT, VmmStructs.SnapshotMeta::new),
    /** {@code VM_GET_DIRTY_PAGE_LIST = _IOWR('v', 117, struct vm_get_dirty_page_list)} (patch). */
    VM_GET_DIRTY_PAGE_LIST(117, Ioctl.IOC_INOUT, VmmStructs.GetDirtyPageList::new),
    /** {@code VM_COPY_VMM_PAGES = _IOWR('v', 118, struct vmm_migration_pages_req)} (patch). */
    VM_COPY_VMM_PAGES(118, Ioctl.IOC_INOUT, VmmStructs.MigrationPagesReq::new);

    /** vmm(4)'s ioctl group. */
    public static final char GROUP = 'v';

    private final int number;
    private final long direction;
    private final int argumentSize;

    VmmIoctl(int number, long direction, Supplier<? extends Structure> argument) {
        this.number = number;
        this.direction = direction;
        this.argumentSize = argument.get().size();
    }

    /** The IOCNUM. */
    public int number() {
        return number;
    }

    /** {@code sizeof} the argument structure (LP64). */
    public int argumentSize() {
        return argumentSize;
    }

    /** The request number passed to ioctl(2). */
    public long request() {
        return Ioctl.ioc(direction, GROUP, number, argumentSize);
    }
}
