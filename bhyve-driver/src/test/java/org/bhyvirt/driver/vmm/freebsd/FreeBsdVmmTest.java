package org.bhyvirt.driver.vmm.freebsd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.VmStateMetadata;
import org.bhyvirt.driver.vmm.Vmm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The FreeBSD Vmm's calls into vmm(4), in order and with their arguments, against a recording fake kernel. */
class FreeBsdVmmTest {
    private static final MemoryLayout SMALL = MemoryLayout.of(16L << 20);
    private static final MemoryLayout WITH_HIGHMEM = MemoryLayout.of((3L << 30) + (8L << 20));
    private final RecordingVmmSyscalls kernel = new RecordingVmmSyscalls();
    private final FreeBsdVmmProvider provider = new FreeBsdVmmProvider(kernel);

    private Vmm openRunning(MemoryLayout layout, int vcpus) {
        kernel.running("vm1", layout, vcpus);
        Vmm vmm = provider.open("vm1");
        kernel.calls.clear();
        return vmm;
    }

    private static BhyveDriverException fails(VirErrorNumber expected, Runnable call) {
        BhyveDriverException e = assertThrows(BhyveDriverException.class, call::run);
        assertEquals(expected, e.number(), e.getMessage());
        return e;
    }

    @Test
    void openReadsTheLayoutFromTheKernelsMappingsAndMapsEachSegmentByGuestPhysicalAddress() {
        kernel.running("vm1", WITH_HIGHMEM, 2);
        try (Vmm vmm = provider.open("vm1")) {
            assertEquals(WITH_HIGHMEM, vmm.layout());
            assertEquals(List.of(
                    "open /dev/vmm/vm1",
                    "ioctl VM_MMAP_GETNEXT gpa=0x0",
                    "ioctl VM_MMAP_GETNEXT gpa=0xc0000000",
                    "ioctl VM_MMAP_GETNEXT gpa=0x100800000",
                    "mmap fd=3 len=0xc0000000 off=0x0",
                    "mmap fd=3 len=0x800000 off=0x100000000"), kernel.calls);
        }
        assertEquals(List.of("munmap len=0xc0000000", "munmap len=0x800000", "close 3"),
                kernel.calls.subList(kernel.calls.size() - 3, kernel.calls.size()));
    }

    @Test
    void guestMemoryIsTheKernelsMappingSoWritesOnEitherSideAreSeenByTheOther() {
        RecordingVmmSyscalls.Vm vm = kernel.running("vm1", SMALL, 1);
        try (Vmm vmm = provider.open("vm1")) {
            vm.guestWrite(SMALL, 7, (byte) 0x5A);
            assertEquals(0x5A, vmm.memory().view(7, 1).get(0));
            vmm.memory().write(8L << 12, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(2, vm.pageAddress(8).getByte(1));
        }
    }

    @Test
    void openingAVmThatDoesNotExistIsNoDomain() {
        BhyveDriverException e = fails(VirErrorNumber.NO_DOMAIN, () -> provider.open("ghost"));
        assertTrue(e.getMessage().contains("/dev/vmm/ghost"), e.getMessage());
    }

    @Test
    void pauseSuspendsEveryVcpuThenWaitsUntilEachActiveVcpuIsOutOfGuestMode() {
        try (Vmm vmm = openRunning(SMALL, 2)) {
            vmm.pause();
            assertEquals(List.of(
                    "ioctl VM_GET_CPUS which=0 size=128",
                    "ioctl VM_GET_CPUS which=0 size=128",
                    "ioctl VM_GET_CPUS which=2 size=128",
                    "ioctl VM_SUSPEND_CPU vcpuid=-1",
                    "ioctl VM_GET_CPUS which=0 size=128",
                    "ioctl VM_GET_REGISTER cpuid=0 regnum=20",
                    "ioctl VM_GET_REGISTER cpuid=1 regnum=20"), kernel.calls);
            assertTrue(vmm.paused());
            kernel.calls.clear();
            vmm.pause();
            assertFalse(kernel.calls.stream().anyMatch(c -> c.contains("VM_SUSPEND_CPU")), "paused twice: " + kernel.calls);
            vmm.resume();
            assertTrue(kernel.calls.contains("ioctl VM_RESUME_CPU vcpuid=-1"), kernel.calls.toString());
            assertFalse(vmm.paused());
            kernel.calls.clear();
            vmm.resume();
            assertFalse(kernel.calls.stream().anyMatch(c -> c.contains("VM_RESUME_CPU")), "resumed twice: " + kernel.calls);
        }
    }

    @Test
    void collectAndClearListsTheDirtyPagesThenCopiesThemOutTenAtATimeWhichClearsThem() {
        RecordingVmmSyscalls.Vm vm = kernel.running("vm1", WITH_HIGHMEM, 1);
        try (Vmm vmm = provider.open("vm1")) {
            long firstHigh = WITH_HIGHMEM.segments().get(1).firstPage();
            long[] written = new long[12];
            for (int i = 0; i < 11; i++) {
                written[i] = 100 + i;
            }
            written[11] = firstHigh + 3;
            for (long p : written) {
                vm.guestWrite(WITH_HIGHMEM, p, (byte) 1);
            }
            kernel.calls.clear();
            DirtyPages dirty = vmm.collectAndClearDirty();
            assertArrayEquals(written, dirty.toPageIndices());
            assertEquals(List.of(
                    "ioctl VM_GET_DIRTY_PAGE_LIST pages=" + WITH_HIGHMEM.pages()
                            + " low=0x0..0xc0000000 high=0x100000000..0x100800000",
                    "ioctl VM_COPY_VMM_PAGES type=0 pages=100,101,102,103,104,105,106,107,108,109",
                    "ioctl VM_COPY_VMM_PAGES type=0 pages=110," + (firstHigh + 3)), kernel.calls);
            assertTrue(vmm.collectAndClearDirty().isEmpty(), "the copy-out cleared every listed page");
            vm.guestWrite(WITH_HIGHMEM, 5, (byte) 2);
            assertArrayEquals(new long[] {5}, vmm.collectAndClearDirty().toPageIndices());
        }
    }

    @Test
    void aCleanGuestCostsOneListCallAndNoCopy() {
        try (Vmm vmm = openRunning(SMALL, 1)) {
            assertTrue(vmm.collectAndClearDirty().isEmpty());
            assertEquals(List.of("ioctl VM_GET_DIRTY_PAGE_LIST pages=4096 low=0x0..0x1000000 high=0x0..0x0"),
                    kernel.calls);
        }
    }

    @Test
    void throttleZeroIsTheOnlyThrottleTheKernelCanGiveOthersAreUnsupported() {
        try (Vmm vmm = openRunning(SMALL, 1)) {
            vmm.throttle(0);
            BhyveDriverException e = fails(VirErrorNumber.OPERATION_UNSUPPORTED, () -> vmm.throttle(50));
            assertEquals(84, e.number().code());
            assertTrue(e.getMessage().contains("no vCPU throttle ioctl"), e.getMessage());
            fails(VirErrorNumber.INVALID_ARG, () -> vmm.throttle(100));
            fails(VirErrorNumber.INVALID_ARG, () -> vmm.throttle(-1));
        }
    }

    private static final VmState SOME_STATE = new VmState(new VmStateMetadata("x", 1, 1, 16L << 20, List.of()),
            new byte[] {1});

    /** Operations that need the guest's vCPUs stopped. */
    enum NeedsPause {
        SAVE_STATE(Vmm::saveState),
        RESTORE_STATE(v -> v.restoreState(SOME_STATE)),
        SAVE_KERNEL_STATE(v -> ((FreeBsdVmm) v).saveKernelState());

        final Consumer<Vmm> call;

        NeedsPause(Consumer<Vmm> call) {
            this.call = call;
        }
    }

    @ParameterizedTest
    @EnumSource(NeedsPause.class)
    void stateOperationsOnRunningVcpusAreInvalid(NeedsPause op) {
        try (Vmm vmm = openRunning(SMALL, 1)) {
            BhyveDriverException e = fails(VirErrorNumber.OPERATION_INVALID, () -> op.call.accept(vmm));
            assertTrue(e.getMessage().contains("pause it first"), e.getMessage());
        }
    }

    @Test
    void fullVcpuAndDeviceStateIsUnsupportedBecauseDevicesLiveInBhyvesProcess() {
        try (Vmm vmm = openRunning(SMALL, 1)) {
            vmm.pause();
            BhyveDriverException e = fails(VirErrorNumber.OPERATION_UNSUPPORTED, vmm::saveState);
            assertTrue(e.getMessage().contains("bhyve process"), e.getMessage());
            fails(VirErrorNumber.OPERATION_UNSUPPORTED, () -> vmm.restoreState(SOME_STATE));
        }
    }

    @Test
    void kernelStateIsEveryKernelStructureSavedInBhyvesOrder() {
        try (FreeBsdVmm vmm = (FreeBsdVmm) openRunning(SMALL, 1)) {
            vmm.pause();
            kernel.calls.clear();
            Map<KernelStruct, byte[]> state = vmm.saveKernelState();
            assertEquals(List.of(KernelStruct.values()), List.copyOf(state.keySet()));
            assertEquals("kernel-struct-0", new String(state.get(KernelStruct.VMX), StandardCharsets.US_ASCII));
            List<String> reqs = kernel.calls.stream().filter(c -> c.contains("VM_SNAPSHOT_REQ")).toList();
            assertEquals("ioctl VM_SNAPSHOT_REQ req=5 op=0 size=" + FreeBsdVmm.SNAPSHOT_BUFFER_BYTES, reqs.get(0));
            assertEquals(List.of(5, 2, 0, 1, 3, 6, 8, 7, 9, 10), reqs.stream()
                    .map(c -> Integer.parseInt(c.replaceAll(".*req=(\\d+).*", "$1"))).toList());
        }
    }

    @Test
    void createIncomingCreatesTheVmThenSetsUpWiredMemoryAsVmSetupMemoryDoes() {
        try (Vmm vmm = provider.createIncoming("in1", WITH_HIGHMEM)) {
            assertTrue(vmm.incoming());
            assertEquals(WITH_HIGHMEM, vmm.layout());
            assertEquals(List.of(
                    "sysctl hw.vmm.create=in1",
                    "open /dev/vmm/in1",
                    "ioctl VM_ALLOC_MEMSEG segid=0 len=0x100800000",
                    "ioctl VM_MMAP_MEMSEG gpa=0x100000000 segid=0 segoff=0x100000000 len=0x800000 prot=7 flags=1",
                    "ioctl VM_MMAP_MEMSEG gpa=0x0 segid=0 segoff=0x0 len=0xc0000000 prot=7 flags=1"),
                    kernel.calls.subList(0, 5));
            fails(VirErrorNumber.OPERATION_INVALID, vmm::pause);
            fails(VirErrorNumber.OPERATION_INVALID, () -> vmm.throttle(0));
        }
    }

    @Test
    void aGuestOfAtMostThreeGibibytesHasOneLowmemObject() {
        try (Vmm vmm = provider.createIncoming("in1", SMALL)) {
            assertTrue(kernel.calls.contains("ioctl VM_ALLOC_MEMSEG segid=0 len=0x1000000"), kernel.calls.toString());
            assertEquals(1, kernel.calls.stream().filter(c -> c.startsWith("ioctl VM_MMAP_MEMSEG")).count());
            vmm.memory().writePage(3, ByteBuffer.wrap(new byte[4096]).put(0, (byte) 9));
            assertEquals(9, kernel.vms.get("in1").pageAddress(3).getByte(0));
        }
    }

    @Test
    void createIncomingOfATakenNameIsDomExist() {
        kernel.running("vm1", SMALL, 1);
        fails(VirErrorNumber.DOM_EXIST, () -> provider.createIncoming("vm1", SMALL));
        assertEquals(List.of("sysctl hw.vmm.create=vm1"), kernel.calls);
    }

    @Test
    void aFailedMemorySetupDestroysTheHalfCreatedVmAndNamesTheCallAndErrno() {
        kernel.failOnce("VM_ALLOC_MEMSEG", Errno.ENOMEM);
        BhyveDriverException e = fails(VirErrorNumber.SYSTEM_ERROR, () -> provider.createIncoming("in1", SMALL));
        assertTrue(e.getMessage().contains("VM 'in1': VM_ALLOC_MEMSEG") && e.getMessage().contains("errno 12"),
                e.getMessage());
        assertEquals(List.of("close 3", "sysctl hw.vmm.destroy=in1"), kernel.calls.subList(kernel.calls.size() - 2,
                kernel.calls.size()));
        assertFalse(kernel.vms.containsKey("in1"));
    }

    @Test
    void destroyIncomingUnmapsClosesThenDestroysTheVm() {
        Vmm vmm = provider.createIncoming("in1", SMALL);
        kernel.calls.clear();
        vmm.destroyIncoming();
        assertEquals(List.of("ioctl VM_GET_CPUS which=0 size=128", "munmap len=0x1000000", "close 3",
                "sysctl hw.vmm.destroy=in1"), kernel.calls);
        assertFalse(kernel.vms.containsKey("in1"));
        fails(VirErrorNumber.OPERATION_INVALID, vmm::memory);
    }

    @Test
    void aRunningGuestIsNeverDestroyedOrStagedThroughTheVmm() {
        try (Vmm vmm = openRunning(SMALL, 1)) {
            fails(VirErrorNumber.OPERATION_INVALID, vmm::destroyIncoming);
            fails(VirErrorNumber.OPERATION_INVALID, () -> vmm.stageResume(SOME_STATE, Path.of("/tmp/x")));
            assertFalse(kernel.calls.stream().anyMatch(c -> c.contains("destroy")), kernel.calls.toString());
            assertTrue(kernel.vms.containsKey("vm1"));
        }
    }

    @Test
    void stagingAnIncomingVmForAnInPlaceResumeIsUnsupportedWithoutTheBhyvePatch() {
        try (Vmm vmm = provider.createIncoming("in1", SMALL)) {
            BhyveDriverException e = fails(VirErrorNumber.OPERATION_UNSUPPORTED,
                    () -> vmm.stageResume(SOME_STATE, Path.of("/tmp/x")));
            assertTrue(e.getMessage().contains("in-place restore"), e.getMessage());
        }
    }

    @Test
    void aFailingIoctlIsASystemErrorNamingTheVmTheCallAndErrno() {
        try (Vmm vmm = openRunning(SMALL, 1)) {
            kernel.failOnce("VM_SUSPEND_CPU", Errno.EINVAL);
            BhyveDriverException e = fails(VirErrorNumber.SYSTEM_ERROR, vmm::pause);
            assertTrue(e.getMessage().contains("VM 'vm1': VM_SUSPEND_CPU (vcpu -1) failed: errno 22"), e.getMessage());
        }
    }

    @Test
    void aClosedVmmRefusesEveryOperation() {
        Vmm vmm = openRunning(SMALL, 1);
        vmm.close();
        vmm.close();
        fails(VirErrorNumber.OPERATION_INVALID, vmm::memory);
        fails(VirErrorNumber.OPERATION_INVALID, vmm::collectAndClearDirty);
        fails(VirErrorNumber.OPERATION_INVALID, vmm::pause);
        assertEquals(1, kernel.calls.stream().filter(c -> c.startsWith("close")).count());
    }

    @Test
    void namesTheKernelCannotHoldAreInvalid() {
        fails(VirErrorNumber.INVALID_ARG, () -> provider.open("a/b"));
        fails(VirErrorNumber.INVALID_ARG, () -> provider.createIncoming("x".repeat(32), SMALL));
        assertTrue(kernel.calls.isEmpty());
    }
}
