package org.bhyvirt.driver.vmm.freebsd;

/**
 * The kernel structures bhyve's checkpoint saves with {@code VM_SNAPSHOT_REQ}, in its order
 * ({@code snapshot_kern_structs[]}, reference §1.5), each with its {@code enum snapshot_req} value of the
 * 13.x / UPB headers. These are the only parts of a guest's vCPU and platform state the kernel hands to
 * another process; device models live in the bhyve process.
 */
public enum KernelStruct {
    VHPET(5),
    VM(2),
    VMX(0),
    VIOAPIC(1),
    VLAPIC(3),
    VMCX(6),
    VATPIT(8),
    VATPIC(7),
    VPMTMR(9),
    VRTC(10);

    private final int snapshotReq;

    KernelStruct(int snapshotReq) {
        this.snapshotReq = snapshotReq;
    }

    /** The {@code enum snapshot_req} value. */
    public int snapshotReq() {
        return snapshotReq;
    }
}
