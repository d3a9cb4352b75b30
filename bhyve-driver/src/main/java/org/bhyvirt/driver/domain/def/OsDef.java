package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * How the guest boots: {@code <os>} plus the top-level {@code <bootloader>} and
 * {@code <bootloader_args>} (libvirt keeps them with the OS settings). After parsing, the type is
 * hvm, the arch is set (x86_64 by default) and, when there is no bootloader and no per-device boot
 * order, the boot device list holds at least {@code hd}.
 *
 * @param type           the OS type, always {@code hvm}
 * @param arch           the guest architecture, {@code x86_64}
 * @param machine        the machine attribute of {@code <type>}, null when absent
 * @param firmware       firmware autoselection ({@code <os firmware='efi'>}), null when absent
 * @param loader         the {@code <loader>}, null when absent
 * @param nvram          the {@code <nvram>} path, null when absent
 * @param bootloader     {@code <bootloader>} (grub-bhyve or a custom loader), null for bhyveload
 * @param bootloaderArgs {@code <bootloader_args>}, null when absent
 * @param bootDevices    the {@code <boot dev>} list in order
 */
public record OsDef(
        @NotBlank String type,
        @NotBlank String arch,
        String machine,
        Firmware firmware,
        @Valid LoaderDef loader,
        String nvram,
        String bootloader,
        String bootloaderArgs,
        @NotNull @Size(max = 4) List<@NotNull BootDevice> bootDevices) {

    public OsDef {
        bootDevices = List.copyOf(bootDevices);
    }

    /** True when the guest boots from a UEFI/firmware loader or firmware autoselection. */
    public boolean usesFirmwareLoader() {
        return (bootloader == null && loader != null) || firmware == Firmware.EFI;
    }
}
