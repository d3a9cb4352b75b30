package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;

/**
 * One open {@code /dev/vmm/NAME} on a FreeBSD host (as libvmmapi's {@code vm_open}): the guest mappings
 * ({@code VM_MMAP_GETNEXT}) and the layout they form, guest memory mapped by GPA, vCPU suspend/resume
 * ({@code VM_SUSPEND_CPU}/{@code VM_RESUME_CPU}, -1 = all), the UPB patch's dirty page list and page copy
 * ({@code VM_GET_DIRTY_PAGE_LIST}, {@code VM_COPY_VMM_PAGES}) and kernel-struct snapshots
 * ({@code VM_SNAPSHOT_REQ}). Every failing call is a {@link BhyveDriverException} naming the VM, the call
 * and errno ({@code VIR_ERR_NO_DOMAIN} when the VM does not exist, else {@code VIR_ERR_SYSTEM_ERROR}).
 * {@link #close()} unmaps what it mapped and closes the descriptor; the VM lives on. Every call goes through
 * {@link VmmSyscalls} ({@link LibcVmmSyscalls} on a FreeBSD host with the patched kernel,
 * docs/freebsd-host.md).
 */
public final class VmmDevice implements AutoCloseable {

    /** vmm.h {@code VM_SYSMEM}: the guest's system memory segment id. */
    public static final int VM_SYSMEM = 0;

    /** One guest mapping as {@code struct vm_memmap} reports it. */
    public record Mapping(long gpa, int segid, long segoff, long len, int prot, int flags) {
    }

    private final VmmSyscalls sys;
    private final String name;
    private final int fd;
    private final List<Pointer> mapped = new ArrayList<>();
    private final List<Long> mappedLengths = new ArrayList<>();
    private Memory pageList;
    private Memory scratch;

    private VmmDevice(VmmSyscalls sys, String name, int fd) {
        this.sys = sys;
        this.name = name;
        this.fd = fd;
    }

    /** Opens {@code /dev/vmm/NAME} read-write on this host. */
    public static VmmDevice open(String name) {
        return open(new LibcVmmSyscalls(), name);
    }

    /** Opens {@code /dev/vmm/NAME} read-write through {@code sys}. */
    public static VmmDevice open(VmmSyscalls sys, String name) {
        try {
            return new VmmDevice(sys, name, sys.open("/dev/vmm/" + name));
        } catch (Errno e) {
            if (e.code() == Errno.ENOENT) {
                throw new BhyveDriverException(VirErrorNumber.NO_DOMAIN, "no VM named '" + name
                        + "' on this host (no /dev/vmm/" + name + ")", e);
            }
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "cannot open /dev/vmm/" + name + ": errno "
                    + e.code(), e);
        }
    }

    /** The VM's name. */
    public String name() {
        return name;
    }

    /** Every guest mapping in GPA order. */
    public List<Mapping> mappings() {
        List<Mapping> out = new ArrayList<>();
        VmmStructs.Memmap m = new VmmStructs.Memmap();
        long gpa = 0;
        while (true) {
            m.gpa = gpa;
            try {
                sys.ioctl(fd, VmmIoctl.VM_MMAP_GETNEXT, m);
            } catch (Errno e) {
                if (e.code() == Errno.ENOENT) {
                    return out;
                }
                throw failed("VM_MMAP_GETNEXT at gpa 0x" + Long.toHexString(gpa), e);
            }
            out.add(new Mapping(m.gpa, m.segid, m.segoff, m.len, m.prot, m.flags));
            gpa = m.gpa + m.len;
        }
    }

    /** The memory layout the system-memory mappings form. */
    public MemoryLayout layout() {
        return layoutOf(mappings());
    }

    /**
     * The layout of system-memory mappings {@code mappings}: lowmem at GPA 0 and, if present, highmem at
     * 4 GiB, exactly as {@link MemoryLayout#of} lays out their total (boot ROM and framebuffer
     * mappings are ignored). {@code VIR_ERR_CONFIG_UNSUPPORTED} for any other shape.
     */
    public static MemoryLayout layoutOf(List<Mapping> mappings) {
        long total = 0;
        List<Mapping> sysmem = new ArrayList<>();
        for (Mapping m : mappings) {
            if (m.segid() == VM_SYSMEM) {
                sysmem.add(m);
                total += m.len();
            }
        }
        if (total == 0) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "the VM maps no system memory");
        }
        MemoryLayout layout = MemoryLayout.of(total);
        List<MemorySegment> segments = layout.segments();
        boolean same = sysmem.size() == segments.size();
        for (int i = 0; same && i < segments.size(); i++) {
            same = sysmem.get(i).gpa() == segments.get(i).gpa() && sysmem.get(i).len() == segments.get(i).bytes();
        }
        if (!same) {
            throw new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "system memory mappings " + sysmem
                    + " are not bhyve's lowmem/highmem layout of " + total + " bytes");
        }
        return layout;
    }

    /** Maps every segment of {@code layout} shared, by GPA (unmapped at {@link #close()}). */
    public FreeBsdGuestMemory map(MemoryLayout layout) {
        Pointer[] bases = new Pointer[layout.segments().size()];
        for (int i = 0; i < bases.length; i++) {
            MemorySegment s = layout.segments().get(i);
            try {
                bases[i] = sys.mmap(fd, s.bytes(), s.gpa());
            } catch (Errno e) {
                throw failed("mmap of " + s.kind() + " at gpa 0x" + Long.toHexString(s.gpa()), e);
            }
            mapped.add(bases[i]);
            mappedLengths.add(s.bytes());
        }
        return new FreeBsdGuestMemory(layout, bases);
    }

    /** Suspends vCPU {@code vcpu} (-1 = all) as the gdb stub and the patch's vm_vcpu_pause do. */
    public void suspendCpus(int vcpu) {
        VmmStructs.ActivateCpu a = new VmmStructs.ActivateCpu();
        a.vcpuid = vcpu;
        call(VmmIoctl.VM_SUSPEND_CPU, a, "vcpu " + vcpu);
    }

    /** Resumes vCPU {@code vcpu} (-1 = all). */
    public void resumeCpus(int vcpu) {
        VmmStructs.ActivateCpu a = new VmmStructs.ActivateCpu();
        a.vcpuid = vcpu;
        call(VmmIoctl.VM_RESUME_CPU, a, "vcpu " + vcpu);
    }

    /**
     * The vCPUs of set {@code which} ({@link VmmStructs#VM_ACTIVE_CPUS} = started by bhyve,
     * {@link VmmStructs#VM_DEBUG_CPUS} = stopped by {@link #suspendCpus}) as vm_active_cpus and
     * vm_debug_cpus read them.
     */
    public BitSet cpus(int which) {
        Memory set = new Memory(VmmStructs.CPUSET_BYTES);
        set.clear();
        VmmStructs.CpuSet req = new VmmStructs.CpuSet();
        req.which = which;
        req.cpusetsize = VmmStructs.CPUSET_BYTES;
        req.cpus = set;
        call(VmmIoctl.VM_GET_CPUS, req, "cpu set " + which);
        return BitSet.valueOf(set.getByteArray(0, VmmStructs.CPUSET_BYTES));
    }

    /**
     * Reads vCPU {@code vcpu}'s RIP. The kernel freezes the vCPU for the read and waits until it has left
     * guest mode, so once this returns after {@link #suspendCpus} the vCPU runs no guest code any more.
     */
    public long instructionPointer(int vcpu) {
        VmmStructs.Register r = new VmmStructs.Register();
        r.cpuid = vcpu;
        r.regnum = VmmStructs.VM_REG_GUEST_RIP;
        call(VmmIoctl.VM_GET_REGISTER, r, "vcpu " + vcpu + " RIP");
        return r.regval;
    }

    /** Allocates the system memory segment of {@code objectBytes} (VM_ALLOC_MEMSEG, segid VM_SYSMEM). */
    public void allocateSystemMemory(long objectBytes) {
        VmmStructs.Memseg seg = new VmmStructs.Memseg();
        seg.segid = VM_SYSMEM;
        seg.len = objectBytes;
        call(VmmIoctl.VM_ALLOC_MEMSEG, seg, "system memory of " + objectBytes + " bytes");
    }

    /**
     * Maps {@code bytes} of system memory at guest physical address {@code gpa} (segment offset = gpa, as
     * vm_setup_memory does), readable, writable and executable, wired if {@code flags} says so.
     */
    public void mapSystemMemory(long gpa, long bytes, int flags) {
        VmmStructs.Memmap m = new VmmStructs.Memmap();
        m.gpa = gpa;
        m.segid = VM_SYSMEM;
        m.segoff = gpa;
        m.len = bytes;
        m.prot = VmmStructs.PROT_ALL;
        m.flags = flags;
        call(VmmIoctl.VM_MMAP_MEMSEG, m, bytes + " bytes at gpa 0x" + Long.toHexString(gpa));
    }

    /** The pages whose VPO_VMM_DIRTY flag is set (the list does not clear them). */
    public DirtyPages dirtyPageList(MemoryLayout layout) {
        if (pageList == null || pageList.size() < layout.pages()) {
            pageList = new Memory(layout.pages());
        }
        pageList.clear(layout.pages());
        VmmStructs.GetDirtyPageList req = new VmmStructs.GetDirtyPageList();
        req.pageList = pageList;
        req.numPages = layout.pages();
        PageLists.fillSegments(layout, req.lowmem, req.highmem);
        call(VmmIoctl.VM_GET_DIRTY_PAGE_LIST, req, layout.pages() + " pages");
        return PageLists.toDirtyPages(pageList, layout.pages());
    }

    /**
     * Copies {@code count} (at most {@value VmmStructs#VMM_PAGE_CHUNK}) pages with dense indices
     * {@code pages[from..]} out of the guest into {@code buffer} ({@link VmmStructs#VMM_GET_PAGES},
     * which clears each page's dirty flag) or from {@code buffer} into the guest
     * ({@link VmmStructs#VMM_SET_PAGES}); page {@code k} of the batch is at {@code buffer + k * 4096}.
     */
    public void copyPages(int reqType, MemoryLayout layout, long[] pages, int from, int count, Pointer buffer) {
        if (count < 1 || count > VmmStructs.VMM_PAGE_CHUNK) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "VM_COPY_VMM_PAGES moves 1.."
                    + VmmStructs.VMM_PAGE_CHUNK + " pages, not " + count);
        }
        VmmStructs.MigrationPagesReq req = new VmmStructs.MigrationPagesReq();
        req.pagesRequired = count;
        req.reqType = reqType;
        PageLists.fillSegments(layout, req.lowmemSegment, req.highmemSegment);
        for (int k = 0; k < count; k++) {
            req.pages[k].pindex = pages[from + k];
            req.pages[k].page = buffer.share((long) k * MemoryLayout.PAGE_SIZE);
        }
        call(VmmIoctl.VM_COPY_VMM_PAGES, req, count + " pages from index " + pages[from]);
    }

    /**
     * The port's collect-and-clear on the patched kernel (docs/vmm.md): reads the dirty list, then copies
     * each listed page out into a scratch buffer, which clears its flag before the caller copies the page
     * from the mapping; a write after that clear marks the page again for the next call.
     */
    public DirtyPages collectAndClearDirty(MemoryLayout layout) {
        DirtyPages dirty = dirtyPageList(layout);
        if (dirty.isEmpty()) {
            return dirty;
        }
        if (scratch == null) {
            scratch = new Memory((long) VmmStructs.VMM_PAGE_CHUNK * MemoryLayout.PAGE_SIZE);
        }
        long[] indices = dirty.toPageIndices();
        for (int from = 0; from < indices.length; from += VmmStructs.VMM_PAGE_CHUNK) {
            copyPages(VmmStructs.VMM_GET_PAGES, layout, indices, from,
                    Math.min(VmmStructs.VMM_PAGE_CHUNK, indices.length - from), scratch);
        }
        return dirty;
    }

    /**
     * Saves or restores kernel structure {@code snapshotReq} (enum snapshot_req, e.g. 0 = STRUCT_VMX)
     * through {@code buffer} of {@code size} bytes; returns the bytes used (buf_size - buf_rem).
     */
    public long snapshotKernelStruct(int snapshotReq, int op, Pointer buffer, long size) {
        VmmStructs.SnapshotMeta meta = new VmmStructs.SnapshotMeta();
        meta.devReq = snapshotReq;
        meta.op = op;
        meta.buffer.bufStart = buffer;
        meta.buffer.buf = buffer;
        meta.buffer.bufSize = size;
        meta.buffer.bufRem = size;
        call(VmmIoctl.VM_SNAPSHOT_REQ, meta, "struct " + snapshotReq + " op " + op);
        return size - meta.buffer.bufRem;
    }

    private void call(VmmIoctl ioctl, Structure argument, String what) {
        try {
            sys.ioctl(fd, ioctl, argument);
        } catch (Errno e) {
            throw failed(ioctl + " (" + what + ")", e);
        }
    }

    private BhyveDriverException failed(String what, Errno e) {
        return new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "VM '" + name + "': " + what
                + " failed: errno " + e.code(), e);
    }

    @Override
    public void close() {
        for (int i = 0; i < mapped.size(); i++) {
            sys.munmap(mapped.get(i), mappedLengths.get(i));
        }
        mapped.clear();
        mappedLengths.clear();
        sys.close(fd);
    }
}
