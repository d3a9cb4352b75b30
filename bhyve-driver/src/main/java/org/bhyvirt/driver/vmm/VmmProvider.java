package org.bhyvirt.driver.vmm;

/**
 * Opens {@link Vmm}s by VM name on one host: the running VMs (for a migration's source) and new incoming
 * VMs (for its target). Failures are {@link org.bhyvirt.driver.error.BhyveDriverException}s:
 * {@code VIR_ERR_NO_DOMAIN} when no VM of that name exists, {@code VIR_ERR_DOM_EXIST} when an incoming VM's
 * name is taken, {@code VIR_ERR_OPERATION_FAILED} or {@code VIR_ERR_SYSTEM_ERROR} naming what failed.
 */
public interface VmmProvider {

    /** Attaches to the existing VM {@code name} (its guest may be running or the VM may be incoming). */
    Vmm open(String name);

    /**
     * Creates VM {@code name} with {@code layout}'s memory allocated and zero, its dirty log clear, and no
     * guest running (as {@code bhyveload} leaves a VM before {@code bhyve} starts). The target fills the
     * memory through {@link Vmm#memory()}, then {@link Vmm#stageResume} and a bhyve restore start the guest.
     */
    Vmm createIncoming(String name, MemoryLayout layout);
}
