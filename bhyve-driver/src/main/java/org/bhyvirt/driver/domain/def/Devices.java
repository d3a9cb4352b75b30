package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * The {@code <devices>} of a domain, one list per kind, each in libvirt's order (the order of the
 * XML, with implicit devices where libvirt inserts them). The lists are immutable.
 *
 * @param emulator    the {@code <emulator>} path, null when absent (bhyve does not use it)
 * @param disks       disks and cdroms
 * @param controllers controllers (pci-root, isa, sata, usb)
 * @param filesystems virtio-9p shares
 * @param interfaces  network interfaces
 * @param serials     serial ports
 * @param consoles    consoles (the first mirrors the first serial port)
 * @param inputs      input devices
 * @param graphics    graphics (VNC)
 * @param sounds      sound devices
 * @param audios      audio backends
 * @param videos      video devices
 * @param rngs        random number generators
 */
public record Devices(
        String emulator,
        @NotNull List<@Valid @NotNull DiskDef> disks,
        @NotNull List<@Valid @NotNull ControllerDef> controllers,
        @NotNull List<@Valid @NotNull FilesystemDef> filesystems,
        @NotNull List<@Valid @NotNull InterfaceDef> interfaces,
        @NotNull List<@Valid @NotNull ChrDef> serials,
        @NotNull List<@Valid @NotNull ChrDef> consoles,
        @NotNull List<@Valid @NotNull InputDef> inputs,
        @NotNull List<@Valid @NotNull GraphicsDef> graphics,
        @NotNull List<@Valid @NotNull SoundDef> sounds,
        @NotNull List<@Valid @NotNull AudioDef> audios,
        @NotNull List<@Valid @NotNull VideoDef> videos,
        @NotNull List<@Valid @NotNull RngDef> rngs) {

    /** No devices at all. */
    public static final Devices NONE = new Devices(null, List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public Devices {
        disks = List.copyOf(disks);
        controllers = List.copyOf(controllers);
        filesystems = List.copyOf(filesystems);
        interfaces = List.copyOf(interfaces);
        serials = List.copyOf(serials);
        consoles = List.copyOf(consoles);
        inputs = List.copyOf(inputs);
        graphics = List.copyOf(graphics);
        sounds = List.copyOf(sounds);
        audios = List.copyOf(audios);
        videos = List.copyOf(videos);
        rngs = List.copyOf(rngs);
    }

    public Devices withDisks(List<DiskDef> disks) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withControllers(List<ControllerDef> controllers) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withFilesystems(List<FilesystemDef> filesystems) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withInterfaces(List<InterfaceDef> interfaces) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withSerialsAndConsoles(List<ChrDef> serials, List<ChrDef> consoles) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withSounds(List<SoundDef> sounds) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withVideos(List<VideoDef> videos) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    public Devices withRngs(List<RngDef> rngs) {
        return new Devices(emulator, disks, controllers, filesystems, interfaces, serials, consoles, inputs,
                graphics, sounds, audios, videos, rngs);
    }

    /** The controllers of {@code type}, in order. */
    public List<ControllerDef> controllers(ControllerType type) {
        return controllers.stream().filter(c -> c.type() == type).toList();
    }

    /** The disks on {@code bus}, in order. */
    public List<DiskDef> disks(DiskBus bus) {
        return disks.stream().filter(d -> d.bus() == bus).toList();
    }
}
