package org.bhyvirt.driver.vmm.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Structure;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sizes and offsets of the vmm(4) structures as an LP64 C compiler lays them out (recorded by hand). */
class VmmStructsTest {

    private static Structure.FieldOrder order(Class<?> type) {
        return type.getAnnotation(Structure.FieldOrder.class);
    }

    enum Layout {
        MIGRATION_SEGMENT(VmmStructs.MigrationSegment::new, 16, 0, 8),
        MIGRATION_PAGE(VmmStructs.MigrationPage::new, 16, 0, 8),
        // size_t 0, enum 8 (+4 pad), lowmem 16, highmem 32, pages[10] 48 (10 x 16)
        MIGRATION_PAGES_REQ(VmmStructs.MigrationPagesReq::new, 208, 0, 8, 16, 32, 48),
        GET_DIRTY_PAGE_LIST(VmmStructs.GetDirtyPageList::new, 48, 0, 8, 16, 32),
        ACTIVATE_CPU(VmmStructs.ActivateCpu::new, 4, 0),
        SUSPEND(VmmStructs.Suspend::new, 4, 0),
        // gpa 0, segid 8 (+4 pad), segoff 16, len 24, prot 32, flags 36
        MEMMAP(VmmStructs.Memmap::new, 40, 0, 8, 16, 24, 32, 36),
        SNAPSHOT_BUFFER(VmmStructs.SnapshotBuffer::new, 32, 0, 8, 16, 24),
        // ctx 0, dev_data 8, dev_name 16, dev_req 24 (+4 pad), buffer 32..63, op 64 (+4 pad)
        SNAPSHOT_META(VmmStructs.SnapshotMeta::new, 72, 0, 8, 16, 24, 32, 64),
        // segid 0 (+4 pad), len 8, name[16] 16
        MEMSEG(VmmStructs.Memseg::new, 32, 0, 8, 16),
        REGISTER(VmmStructs.Register::new, 16, 0, 4, 8),
        CPU_SET(VmmStructs.CpuSet::new, 16, 0, 4, 8);

        final Supplier<? extends VmmStructs.VmmStructure> make;
        final int size;
        final int[] offsets;

        Layout(Supplier<? extends VmmStructs.VmmStructure> make, int size, int... offsets) {
            this.make = make;
            this.size = size;
            this.offsets = offsets;
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void structuresHaveTheCLayoutOfAmd64(Layout layout) {
        VmmStructs.VmmStructure s = layout.make.get();
        assertEquals(layout.size, s.size(), "sizeof " + s.getClass().getSimpleName());
        List<String> fields = List.of(order(s.getClass()).value());
        assertEquals(layout.offsets.length, fields.size());
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(layout.offsets[i], s.offsetOf(fields.get(i)), s.getClass().getSimpleName() + "." + fields.get(i));
        }
    }
}
