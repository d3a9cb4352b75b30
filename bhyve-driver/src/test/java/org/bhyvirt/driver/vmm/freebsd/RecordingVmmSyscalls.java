package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bhyvirt.driver.vmm.MemoryLayout;

/**
 * A test double of {@link VmmSyscalls}: a small in-memory vmm(4) with the semantics the FreeBSD Vmm relies
 * on (mappings by GPA, the patch's dirty flags cleared only by copy-out, debug-suspended vCPU sets,
 * snapshot requests filling the caller's buffer), recording every call as one line so tests can check the
 * order of calls and their arguments, and failing a named call once with a chosen errno.
 */
final class RecordingVmmSyscalls implements VmmSyscalls {

    /** One VM of the fake kernel. */
    static final class Vm {
        final String name;
        long objectBytes;
        final TreeMap<Long, VmmDevice.Mapping> mappings = new TreeMap<>();
        final Map<Long, Memory> backing = new HashMap<>();
        final BitSet active = new BitSet();
        final BitSet debug = new BitSet();
        final BitSet dirty = new BitSet();

        Vm(String name) {
            this.name = name;
        }

        /** A guest write: byte {@code value} at the start of dense page {@code page}, which becomes dirty. */
        void guestWrite(MemoryLayout layout, long page, byte value) {
            long gpa = layout.gpaOfPage(page);
            Map.Entry<Long, VmmDevice.Mapping> e = mappings.floorEntry(gpa);
            backing.get(e.getKey()).setByte(gpa - e.getKey(), value);
            dirty.set((int) page);
        }

        Pointer pageAddress(long page) {
            long gpa = page < 3L * 262144 ? page << 12 : (page << 12) + (1L << 30);
            Map.Entry<Long, VmmDevice.Mapping> e = mappings.floorEntry(gpa);
            return backing.get(e.getKey()).share(gpa - e.getKey());
        }
    }

    final List<String> calls = new ArrayList<>();
    final Map<String, Vm> vms = new HashMap<>();
    private final Map<Integer, Vm> fds = new HashMap<>();
    private final Map<String, Integer> failOnce = new HashMap<>();
    private int nextFd = 3;

    /** A running guest of {@code layout} with {@code vcpus} active vCPUs, its memory zero and clean. */
    Vm running(String name, MemoryLayout layout, int vcpus) {
        Vm vm = new Vm(name);
        vm.objectBytes = layout.highmemBytes() > 0 ? MemoryLayout.HIGHMEM_BASE + layout.highmemBytes()
                : layout.lowmemBytes();
        for (var s : layout.segments()) {
            addMapping(vm, s.gpa(), s.bytes(), 0);
        }
        vm.active.set(0, vcpus);
        vms.put(name, vm);
        return vm;
    }

    /** The next call named {@code call} (an ioctl name, "open", "mmap" or a sysctl name) fails with {@code errno}. */
    void failOnce(String call, int errno) {
        failOnce.put(call, errno);
    }

    private void maybeFail(String call) throws Errno {
        Integer errno = failOnce.remove(call);
        if (errno != null) {
            calls.add("  -> errno " + errno);
            throw new Errno(call, errno);
        }
    }

    private static void addMapping(Vm vm, long gpa, long len, int flags) {
        vm.mappings.put(gpa, new VmmDevice.Mapping(gpa, VmmDevice.VM_SYSMEM, gpa, len, VmmStructs.PROT_ALL, flags));
        Memory m = new Memory(len);
        if (len <= (64L << 20)) {
            m.clear(); // larger blocks come from mmap, zero already; clearing would touch every page
        }
        vm.backing.put(gpa, m);
    }

    @Override
    public int open(String path) throws Errno {
        calls.add("open " + path);
        maybeFail("open");
        Vm vm = vms.get(path.substring("/dev/vmm/".length()));
        if (vm == null) {
            throw new Errno("open " + path, Errno.ENOENT);
        }
        fds.put(nextFd, vm);
        return nextFd++;
    }

    @Override
    public void close(int fd) {
        calls.add("close " + fd);
        fds.remove(fd);
    }

    @Override
    public void ioctl(int fd, VmmIoctl request, Structure argument) throws Errno {
        Vm vm = fds.get(fd);
        calls.add("ioctl " + request + " " + (request == VmmIoctl.VM_MMAP_GETNEXT
                ? "gpa=0x" + Long.toHexString(((VmmStructs.Memmap) argument).gpa) : describe(argument)));
        maybeFail(request.name());
        if (vm == null) {
            throw new Errno(request.name(), 9);
        }
        switch (request) {
            case VM_MMAP_GETNEXT -> {
                VmmStructs.Memmap m = (VmmStructs.Memmap) argument;
                Map.Entry<Long, VmmDevice.Mapping> e = vm.mappings.ceilingEntry(m.gpa);
                if (e == null) {
                    throw new Errno(request.name(), Errno.ENOENT);
                }
                VmmDevice.Mapping x = e.getValue();
                m.gpa = x.gpa();
                m.segid = x.segid();
                m.segoff = x.segoff();
                m.len = x.len();
                m.prot = x.prot();
                m.flags = x.flags();
            }
            case VM_ALLOC_MEMSEG -> {
                VmmStructs.Memseg s = (VmmStructs.Memseg) argument;
                if (vm.objectBytes != 0) {
                    throw new Errno(request.name(), Errno.EEXIST);
                }
                vm.objectBytes = s.len;
            }
            case VM_MMAP_MEMSEG -> {
                VmmStructs.Memmap m = (VmmStructs.Memmap) argument;
                if (vm.objectBytes == 0 || m.segoff + m.len > vm.objectBytes) {
                    throw new Errno(request.name(), Errno.EINVAL);
                }
                addMapping(vm, m.gpa, m.len, m.flags);
            }
            case VM_GET_CPUS -> {
                VmmStructs.CpuSet c = (VmmStructs.CpuSet) argument;
                BitSet set = c.which == VmmStructs.VM_ACTIVE_CPUS ? vm.active : vm.debug;
                byte[] bytes = set.toByteArray();
                c.cpus.write(0, bytes, 0, bytes.length);
            }
            case VM_SUSPEND_CPU -> vm.debug.or(vm.active);
            case VM_RESUME_CPU -> vm.debug.clear();
            case VM_GET_REGISTER -> ((VmmStructs.Register) argument).regval = 0xFFF0L + ((VmmStructs.Register) argument).cpuid;
            case VM_GET_DIRTY_PAGE_LIST -> {
                VmmStructs.GetDirtyPageList l = (VmmStructs.GetDirtyPageList) argument;
                for (int p = vm.dirty.nextSetBit(0); p >= 0 && p < l.numPages; p = vm.dirty.nextSetBit(p + 1)) {
                    l.pageList.setByte(p, (byte) 1);
                }
            }
            case VM_COPY_VMM_PAGES -> {
                VmmStructs.MigrationPagesReq r = (VmmStructs.MigrationPagesReq) argument;
                for (int k = 0; k < r.pagesRequired; k++) {
                    long p = r.pages[k].pindex;
                    Pointer guest = vm.pageAddress(p);
                    if (r.reqType == VmmStructs.VMM_GET_PAGES) {
                        vm.dirty.clear((int) p);
                        r.pages[k].page.write(0, guest.getByteArray(0, 4096), 0, 4096);
                    } else {
                        guest.write(0, r.pages[k].page.getByteArray(0, 4096), 0, 4096);
                    }
                }
            }
            case VM_SNAPSHOT_REQ -> {
                VmmStructs.SnapshotMeta m = (VmmStructs.SnapshotMeta) argument;
                byte[] state = ("kernel-struct-" + m.devReq).getBytes(StandardCharsets.US_ASCII);
                m.buffer.buf.write(0, state, 0, state.length);
                m.buffer.bufRem -= state.length;
            }
            default -> throw new Errno(request.name(), Errno.EINVAL);
        }
    }

    private static String describe(Structure s) {
        if (s instanceof VmmStructs.Memmap m) {
            return "gpa=0x" + Long.toHexString(m.gpa) + " segid=" + m.segid + " segoff=0x"
                    + Long.toHexString(m.segoff) + " len=0x" + Long.toHexString(m.len) + " prot=" + m.prot
                    + " flags=" + m.flags;
        } else if (s instanceof VmmStructs.Memseg m) {
            return "segid=" + m.segid + " len=0x" + Long.toHexString(m.len);
        } else if (s instanceof VmmStructs.ActivateCpu a) {
            return "vcpuid=" + a.vcpuid;
        } else if (s instanceof VmmStructs.CpuSet c) {
            return "which=" + c.which + " size=" + c.cpusetsize;
        } else if (s instanceof VmmStructs.Register r) {
            return "cpuid=" + r.cpuid + " regnum=" + r.regnum;
        } else if (s instanceof VmmStructs.GetDirtyPageList l) {
            return "pages=" + l.numPages + " low=0x" + Long.toHexString(l.lowmem.start) + "..0x"
                    + Long.toHexString(l.lowmem.end) + " high=0x" + Long.toHexString(l.highmem.start) + "..0x"
                    + Long.toHexString(l.highmem.end);
        } else if (s instanceof VmmStructs.MigrationPagesReq r) {
            StringBuilder b = new StringBuilder("type=" + r.reqType + " pages=");
            for (int k = 0; k < r.pagesRequired; k++) {
                b.append(k == 0 ? "" : ",").append(r.pages[k].pindex);
            }
            return b.toString();
        } else if (s instanceof VmmStructs.SnapshotMeta m) {
            return "req=" + m.devReq + " op=" + m.op + " size=" + m.buffer.bufSize;
        }
        return s.getClass().getSimpleName();
    }

    @Override
    public Pointer mmap(int fd, long length, long offset) throws Errno {
        calls.add("mmap fd=" + fd + " len=0x" + Long.toHexString(length) + " off=0x" + Long.toHexString(offset));
        maybeFail("mmap");
        Vm vm = fds.get(fd);
        Memory m = vm == null ? null : vm.backing.get(offset);
        if (m == null || m.size() < length) {
            throw new Errno("mmap", Errno.EINVAL);
        }
        return m;
    }

    @Override
    public void munmap(Pointer address, long length) {
        calls.add("munmap len=0x" + Long.toHexString(length));
    }

    @Override
    public void sysctlSetString(String name, String value) throws Errno {
        calls.add("sysctl " + name + "=" + value);
        maybeFail(name);
        if (name.equals("hw.vmm.create")) {
            if (vms.containsKey(value)) {
                throw new Errno(name, Errno.EEXIST);
            }
            vms.put(value, new Vm(value));
        } else if (name.equals("hw.vmm.destroy")) {
            if (vms.remove(value) == null) {
                throw new Errno(name, Errno.EINVAL);
            }
        } else {
            throw new Errno(name, Errno.ENOENT);
        }
    }
}
