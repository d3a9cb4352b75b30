package org.bhyvirt.driver.argv;

/**
 * One feature of the host's {@code bhyve} program that changes the command line libvirt builds
 * (libvirt's {@code virBhyveCapsFlags}). Each constant names the probe that detects it in
 * {@link BhyveCapabilityProbe}; the command builder refuses a definition that needs a missing one.
 * These are libvirt 11.3's flags; the later NVME, ACPI and NUMA flags are not modelled because
 * the command builder follows 11.3 (it refuses NVMe disks and emits {@code -A} for
 * {@code <acpi/>} unconditionally, as 11.3 does).
 */
public enum BhyveCapability {
    /** {@code -u}: the RTC keeps UTC. */
    RTC_UTC,
    /** {@code -c cpus=N,sockets=S,cores=C,threads=T}. */
    CPUTOPOLOGY,
    /** One {@code ahci} controller with up to 32 ports ({@code ahci,hd:P,cd:P}). */
    AHCI32SLOT,
    /** The {@code e1000} NIC model. */
    NET_E1000,
    /** {@code -l bootrom,PATH}: UEFI boot. */
    LPC_BOOTROM,
    /** The {@code fbuf} framebuffer (VNC). */
    FBUF,
    /** The {@code xhci} USB controller with a tablet. */
    XHCI,
    /** The {@code hda} sound device. */
    SOUND_HDA,
    /** {@code fbuf,password=}. */
    VNC_PASSWORD,
    /** The {@code virtio-9p} file system device. */
    VIRTIO_9P,
    /** The {@code virtio-rnd} entropy device. */
    VIRTIO_RND
}
