package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The C structures the FreeBSD Vmm passes to vmm(4) ioctls, as JNA structures with the LP64 (amd64)
 * layout: field order and types follow the headers the reference (bhyve-snapshot-and-migration.md
 * §1.5, §2.5, §3) quotes, JNA adds the same padding a C compiler does, and {@code VmmStructsTest} pins
 * every size and offset. {@code size_t}, pointers, {@code vm_paddr_t}, {@code vm_ooffset_t},
 * {@code vm_offset_t} and {@code vm_pindex_t} are 64-bit; enums are {@code int}.
 */
public final class VmmStructs {

    /** The patch's copy batch size: {@code VMM_PAGE_CHUNK}. */
    public static final int VMM_PAGE_CHUNK = 10;
    /** {@code enum migration_req_type}: copy pages out of the guest. */
    public static final int VMM_GET_PAGES = 0;
    /** {@code enum migration_req_type}: copy pages into the guest. */
    public static final int VMM_SET_PAGES = 1;
    /** {@code enum vm_snapshot_op}: save. */
    public static final int VM_SNAPSHOT_SAVE = 0;
    /** {@code enum vm_snapshot_op}: restore. */
    public static final int VM_SNAPSHOT_RESTORE = 1;
    /** vcpuid meaning "all vCPUs" for VM_SUSPEND_CPU / VM_RESUME_CPU. */
    public static final int ALL_VCPUS = -1;
    /** {@code struct vm_cpuset} which: the activated vCPUs ({@code VM_ACTIVE_CPUS}). */
    public static final int VM_ACTIVE_CPUS = 0;
    /** {@code struct vm_cpuset} which: the vCPUs stopped by VM_SUSPEND_CPU ({@code VM_DEBUG_CPUS}). */
    public static final int VM_DEBUG_CPUS = 2;
    /** Bytes of the cpuset buffer passed to VM_GET_CPUS: {@code CPU_MAXSIZE / NBBY} = 1024 bits. */
    public static final int CPUSET_BYTES = 128;
    /** {@code enum vm_reg_name} {@code VM_REG_GUEST_RIP}. */
    public static final int VM_REG_GUEST_RIP = 20;
    /** {@code VM_MAX_SUFFIXLEN + 1}: bytes of a memory segment's name. */
    public static final int MEMSEG_NAME_BYTES = 16;
    /** vm_memmap prot {@code PROT_ALL} (read, write, execute) as vm_setup_memory maps system memory. */
    public static final int PROT_ALL = 0x07;
    /** vm_memmap flag {@code VM_MEMMAP_F_WIRED}: the mapping's pages are wired (bhyve -S). */
    public static final int VM_MEMMAP_F_WIRED = 0x01;

    private VmmStructs() {
    }

    /** A structure that also tells the offset of a field (for layout checks and buffer arithmetic). */
    public abstract static class VmmStructure extends Structure {
        /** Byte offset of {@code field} in the native layout. */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code struct vmm_migration_segment { vm_offset_t start; vm_offset_t end; }}: 16 bytes. */
    @Structure.FieldOrder({"start", "end"})
    public static class MigrationSegment extends VmmStructure {
        public long start;
        public long end;

        /** By-value member of the enclosing structure. */
        public static class ByValue extends MigrationSegment implements Structure.ByValue {
        }
    }

    /** {@code struct vmm_migration_page { vm_pindex_t pindex; uint8_t *page; }}: 16 bytes. */
    @Structure.FieldOrder({"pindex", "page"})
    public static class MigrationPage extends VmmStructure {
        public long pindex;
        public Pointer page;
    }

    /**
     * {@code struct vmm_migration_pages_req { size_t pages_required; enum migration_req_type req_type;
     * struct vmm_migration_segment lowmem_segment, highmem_segment;
     * struct vmm_migration_page pages[VMM_PAGE_CHUNK]; }}: 208 bytes.
     */
    @Structure.FieldOrder({"pagesRequired", "reqType", "lowmemSegment", "highmemSegment", "pages"})
    public static class MigrationPagesReq extends VmmStructure {
        public long pagesRequired;
        public int reqType;
        public MigrationSegment.ByValue lowmemSegment = new MigrationSegment.ByValue();
        public MigrationSegment.ByValue highmemSegment = new MigrationSegment.ByValue();
        public MigrationPage[] pages = (MigrationPage[]) new MigrationPage().toArray(VMM_PAGE_CHUNK);
    }

    /**
     * {@code struct vm_get_dirty_page_list { uint8_t *page_list; size_t num_pages;
     * struct vmm_migration_segment lowmem, highmem; }}: 48 bytes.
     */
    @Structure.FieldOrder({"pageList", "numPages", "lowmem", "highmem"})
    public static class GetDirtyPageList extends VmmStructure {
        public Pointer pageList;
        public long numPages;
        public MigrationSegment.ByValue lowmem = new MigrationSegment.ByValue();
        public MigrationSegment.ByValue highmem = new MigrationSegment.ByValue();
    }

    /** {@code struct vm_activate_cpu { int vcpuid; }} (13.x): 4 bytes. */
    @Structure.FieldOrder({"vcpuid"})
    public static class ActivateCpu extends VmmStructure {
        public int vcpuid;
    }

    /** {@code struct vm_suspend { enum vm_suspend_how how; }}: 4 bytes. */
    @Structure.FieldOrder({"how"})
    public static class Suspend extends VmmStructure {
        public int how;
    }

    /**
     * {@code struct vm_memmap { vm_paddr_t gpa; int segid; vm_ooffset_t segoff; size_t len; int prot;
     * int flags; }}: 40 bytes (4 bytes of padding after {@code segid}).
     */
    @Structure.FieldOrder({"gpa", "segid", "segoff", "len", "prot", "flags"})
    public static class Memmap extends VmmStructure {
        public long gpa;
        public int segid;
        public long segoff;
        public long len;
        public int prot;
        public int flags;
    }

    /**
     * {@code struct vm_snapshot_buffer { uint8_t *buf_start; size_t buf_size; uint8_t *buf;
     * size_t buf_rem; }}: 32 bytes.
     */
    @Structure.FieldOrder({"bufStart", "bufSize", "buf", "bufRem"})
    public static class SnapshotBuffer extends VmmStructure {
        public Pointer bufStart;
        public long bufSize;
        public Pointer buf;
        public long bufRem;

        /** By-value member of the enclosing structure. */
        public static class ByValue extends SnapshotBuffer implements Structure.ByValue {
        }
    }

    /**
     * {@code struct vm_snapshot_meta { struct vmctx *ctx; void *dev_data; const char *dev_name;
     * enum snapshot_req dev_req; struct vm_snapshot_buffer buffer; enum vm_snapshot_op op; }} (13.x and
     * the UPB branch): 72 bytes.
     */
    @Structure.FieldOrder({"ctx", "devData", "devName", "devReq", "buffer", "op"})
    public static class SnapshotMeta extends VmmStructure {
        public Pointer ctx;
        public Pointer devData;
        public Pointer devName;
        public int devReq;
        public SnapshotBuffer.ByValue buffer = new SnapshotBuffer.ByValue();
        public int op;
    }

    /**
     * {@code struct vm_memseg { int segid; size_t len; char name[VM_MAX_SUFFIXLEN + 1]; }}: 32 bytes
     * (4 bytes of padding after {@code segid}); an empty name is system memory.
     */
    @Structure.FieldOrder({"segid", "len", "name"})
    public static class Memseg extends VmmStructure {
        public int segid;
        public long len;
        public byte[] name = new byte[MEMSEG_NAME_BYTES];
    }

    /** {@code struct vm_register { int cpuid; int regnum; uint64_t regval; }}: 16 bytes. */
    @Structure.FieldOrder({"cpuid", "regnum", "regval"})
    public static class Register extends VmmStructure {
        public int cpuid;
        public int regnum;
        public long regval;
    }

    /** {@code struct vm_cpuset { int which; int cpusetsize; cpuset_t *cpus; }}: 16 bytes. */
    @Structure.FieldOrder({"which", "cpusetsize", "cpus"})
    public static class CpuSet extends VmmStructure {
        public int which;
        public int cpusetsize;
        public Pointer cpus;
    }
}
