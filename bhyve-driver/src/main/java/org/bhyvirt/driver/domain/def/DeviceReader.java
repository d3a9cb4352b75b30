package org.bhyvirt.driver.domain.def;

import static org.bhyvirt.driver.domain.def.XmlValues.enumValue;
import static org.bhyvirt.driver.domain.def.XmlValues.intAttr;
import static org.bhyvirt.driver.domain.def.XmlValues.intAttrOrNull;
import static org.bhyvirt.driver.domain.def.XmlValues.onlyChildren;
import static org.bhyvirt.driver.domain.def.XmlValues.unsupported;
import static org.bhyvirt.driver.domain.def.XmlValues.xmlError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.xml.XmlElement;

/**
 * Reads {@code <devices>} into raw device records (values as written; defaults come later).
 * Device kinds and values the bhyve driver does not support are refused with
 * VIR_ERR_CONFIG_UNSUPPORTED naming them. MAC addresses are generated here, in document order,
 * as libvirt does while parsing.
 */
final class DeviceReader {

    private static final Set<String> KINDS = Set.of("emulator", "disk", "controller", "filesystem", "interface",
            "serial", "console", "input", "graphics", "sound", "audio", "video", "rng");

    private final MacAddressGenerator macs;

    DeviceReader(MacAddressGenerator macs) {
        this.macs = macs;
    }

    Devices read(XmlElement devices) {
        if (devices == null) {
            return Devices.NONE;
        }
        for (XmlElement c : devices.elements()) {
            if (c.namespaceUri().isEmpty() && !KINDS.contains(c.localName())) {
                throw unsupported("<" + c.localName() + "> devices are not supported by the bhyve driver");
            }
        }
        String emulator = XmlValues.childText(devices, "emulator");
        List<DiskDef> disks = new ArrayList<>();
        devices.elements("disk").forEach(e -> disks.add(disk(e)));
        List<ControllerDef> controllers = new ArrayList<>();
        devices.elements("controller").forEach(e -> controllers.add(controller(e)));
        List<FilesystemDef> fss = new ArrayList<>();
        devices.elements("filesystem").forEach(e -> fss.add(filesystem(e)));
        List<InterfaceDef> nets = new ArrayList<>();
        devices.elements("interface").forEach(e -> nets.add(net(e)));
        List<ChrDef> serials = new ArrayList<>();
        devices.elements("serial").forEach(e -> serials.add(chr(e, "serial")));
        List<ChrDef> consoles = new ArrayList<>();
        devices.elements("console").forEach(e -> consoles.add(chr(e, "console")));
        List<InputDef> inputs = new ArrayList<>();
        devices.elements("input").forEach(e -> inputs.add(input(e)));
        List<GraphicsDef> graphics = new ArrayList<>();
        devices.elements("graphics").forEach(e -> graphics.add(graphics(e)));
        List<SoundDef> sounds = new ArrayList<>();
        devices.elements("sound").forEach(e -> sounds.add(sound(e)));
        List<AudioDef> audios = new ArrayList<>();
        devices.elements("audio").forEach(e -> audios.add(audio(e)));
        List<VideoDef> videos = new ArrayList<>();
        devices.elements("video").forEach(e -> videos.add(video(e)));
        List<RngDef> rngs = new ArrayList<>();
        devices.elements("rng").forEach(e -> rngs.add(rng(e)));
        return new Devices(emulator == null ? null : emulator.strip(), disks, controllers, fss, nets, serials,
                consoles, inputs, graphics, sounds, audios, videos, rngs);
    }

    static DeviceAddress address(XmlElement parent, String device) {
        XmlElement a = parent.element("address");
        if (a == null) {
            return null;
        }
        String type = a.attr("type");
        if (type == null) {
            throw xmlError("No type specified for device address of " + device);
        }
        return switch (type) {
            case "pci" -> new PciAddress(intAttr(a, "domain", 0, "PCI address domain"),
                    intAttr(a, "bus", 0, "PCI address bus"), intAttr(a, "slot", 0, "PCI address slot"),
                    intAttr(a, "function", 0, "PCI address function"));
            case "drive" -> new DriveAddress(intAttr(a, "controller", 0, "drive address controller"),
                    intAttr(a, "bus", 0, "drive address bus"), intAttr(a, "target", 0, "drive address target"),
                    intAttr(a, "unit", 0, "drive address unit"));
            default -> throw unsupported("address type '" + type + "' of " + device
                    + " is not supported by the bhyve driver");
        };
    }

    private static Integer bootOrder(XmlElement parent) {
        XmlElement b = parent.element("boot");
        if (b == null) {
            return null;
        }
        String order = b.attr("order");
        if (order == null) {
            throw xmlError("missing boot order attribute");
        }
        long v = XmlValues.unsignedNumber(order, "boot order");
        if (v == 0 || v > Integer.MAX_VALUE) {
            throw xmlError("incorrect boot order '" + order + "', expecting positive integer");
        }
        return (int) v;
    }

    private static DiskDef disk(XmlElement e) {
        onlyChildren(e, "disk", Set.of("driver", "source", "target", "boot", "readonly", "address"));
        String typeAttr = e.attr("type");
        DiskType type = typeAttr == null ? DiskType.FILE : enumValue(DiskType.class, typeAttr, "disk type");
        String deviceAttr = e.attr("device");
        DiskDevice device = deviceAttr == null ? DiskDevice.DISK
                : enumValue(DiskDevice.class, deviceAttr, "disk device");
        XmlElement target = e.element("target");
        String dev = target == null ? null : target.attr("dev");
        XmlElement src = e.element("source");
        DiskSource source = null;
        if (src != null) {
            onlyChildren(src, "source", Set.of());
            source = switch (type) {
                case FILE -> src.attr("file") == null ? null : DiskSource.path(src.attr("file"));
                case BLOCK -> src.attr("dev") == null ? null : DiskSource.path(src.attr("dev"));
                case VOLUME -> DiskSource.volume(src.attr("pool"), src.attr("volume"));
            };
        }
        if (dev == null) {
            String what = source == null ? "" : source.path() != null ? source.path()
                    : source.pool() + "/" + source.volume();
            throw new BhyveDriverException(VirErrorNumber.NO_TARGET,
                    "missing target information for device " + what);
        }
        String busAttr = target.attr("bus");
        String bus = busAttr != null ? busAttr : impliedBus(dev);
        DiskBus diskBus = XmlNamed.byXmlName(DiskBus.class, bus);
        if (diskBus == null) {
            throw unsupported("disk bus '" + bus + "' of disk '" + dev + "' is not supported by the bhyve driver");
        }
        XmlElement d = e.element("driver");
        DiskDriver driver = d == null ? null : new DiskDriver(d.attr("name"), d.attr("type"));
        return new DiskDef(type, device, driver, source, dev, diskBus, bootOrder(e),
                e.element("readonly") != null, address(e, "disk '" + dev + "'"));
    }

    /** libvirt's bus for a target name without a bus attribute. */
    private static String impliedBus(String dev) {
        if (dev.startsWith("hd")) {
            return "ide";
        } else if (dev.startsWith("sd")) {
            return "scsi";
        } else if (dev.startsWith("vd")) {
            return "virtio";
        } else if (dev.startsWith("fd")) {
            return "fdc";
        } else if (dev.startsWith("xvd")) {
            return "xen";
        } else if (dev.startsWith("ubd")) {
            return "uml";
        }
        return "ide";
    }

    private static ControllerDef controller(XmlElement e) {
        onlyChildren(e, "controller", Set.of("address"));
        String typeAttr = e.attr("type");
        if (typeAttr == null) {
            throw xmlError("missing controller type");
        }
        ControllerType type = enumValue(ControllerType.class, typeAttr, "controller type");
        String modelAttr = e.attr("model");
        ControllerModel model = null;
        switch (type) {
            case PCI -> {
                if (modelAttr == null) {
                    throw xmlError("pci controller without a model");
                }
                model = enumValue(ControllerModel.class, modelAttr, "pci controller model");
                if (model != ControllerModel.PCI_ROOT) {
                    throw unsupported("pci controller model '" + modelAttr + "' is not supported by the bhyve driver");
                }
            }
            case USB -> {
                if (modelAttr == null || !modelAttr.equals(ControllerModel.NEC_XHCI.xmlName())) {
                    throw unsupported("usb controller model '" + modelAttr
                            + "' is not supported by the bhyve driver (only nec-xhci)");
                }
                model = ControllerModel.NEC_XHCI;
            }
            case ISA, SATA -> {
                if (modelAttr != null) {
                    throw unsupported(typeAttr + " controller model '" + modelAttr
                            + "' is not supported by the bhyve driver");
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
        int index = e.attr("index") == null ? -1 : intAttr(e, "index", -1, "controller index");
        if (model == ControllerModel.PCI_ROOT && index == -1) {
            index = 0;
        }
        if (model == ControllerModel.PCI_ROOT && index != 0) {
            throw xmlError("pci-root and pcie-root controllers should have index 0");
        }
        return new ControllerDef(type, index, model, address(e, typeAttr + " controller"));
    }

    private static FilesystemDef filesystem(XmlElement e) {
        onlyChildren(e, "filesystem", Set.of("driver", "source", "target", "readonly", "address"));
        String t = e.attr("type");
        FilesystemType type = t == null ? FilesystemType.MOUNT : enumValue(FilesystemType.class, t, "filesystem type");
        String m = e.attr("accessmode");
        FilesystemAccessMode mode = m == null ? FilesystemAccessMode.PASSTHROUGH
                : enumValue(FilesystemAccessMode.class, m, "filesystem accessmode");
        XmlElement src = e.element("source");
        String source = null;
        if (src != null) {
            for (String attr : List.of("dir", "dev", "file", "name", "usage", "volume")) {
                if (src.attr(attr) != null) {
                    source = src.attr(attr);
                    break;
                }
            }
        }
        if (source == null) {
            throw new BhyveDriverException(VirErrorNumber.NO_SOURCE, "missing source information for filesystem");
        }
        XmlElement target = e.element("target");
        if (target == null || target.attr("dir") == null) {
            throw new BhyveDriverException(VirErrorNumber.NO_TARGET, "missing target information for filesystem");
        }
        XmlElement d = e.element("driver");
        return new FilesystemDef(type, mode, d == null ? null : d.attr("type"), source, target.attr("dir"),
                e.element("readonly") != null, address(e, "filesystem '" + target.attr("dir") + "'"));
    }

    private InterfaceDef net(XmlElement e) {
        onlyChildren(e, "interface", Set.of("mac", "source", "model", "target", "boot", "address"));
        String t = e.attr("type");
        if (t == null) {
            throw xmlError("missing interface type");
        }
        InterfaceType type = enumValue(InterfaceType.class, t, "interface type");
        String mac = null;
        XmlElement macEl = e.element("mac");
        if (macEl != null && macEl.attr("address") != null) {
            mac = mac(macEl.attr("address"));
        }
        if (mac == null) {
            mac = macs.next();
        }
        XmlElement src = e.element("source");
        String bridge = null;
        String network = null;
        switch (type) {
            case BRIDGE -> {
                bridge = src == null ? null : src.attr("bridge");
                if (bridge == null) {
                    throw xmlError("No <source> 'bridge' attribute specified with <interface type='bridge'/>");
                }
            }
            case NETWORK -> {
                network = src == null ? null : src.attr("network");
                if (network == null) {
                    throw xmlError("No <source> 'network' attribute specified with <interface type='network'/>");
                }
            }
            case USER -> {
                if (src != null) {
                    throw unsupported("<source> of a user interface is not supported by the bhyve driver");
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
        XmlElement modelEl = e.element("model");
        InterfaceModel model = null;
        if (modelEl != null && modelEl.attr("type") != null) {
            model = enumValue(InterfaceModel.class, modelEl.attr("type"), "NIC model");
        }
        return new InterfaceDef(type, mac, bridge, network, model, bootOrder(e), address(e, "interface " + mac));
    }

    /** A MAC address as virMacAddrParse reads it, normalized to lower-case two-digit groups. */
    static String mac(String raw) {
        String[] parts = raw.strip().split(":", -1);
        if (parts.length != 6) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "unable to parse mac address '" + raw + "'");
        }
        StringBuilder sb = new StringBuilder(17);
        int first = 0;
        for (int i = 0; i < 6; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                        "unable to parse mac address '" + raw + "'");
            }
            int v = Integer.parseInt(p, 16);
            if (i == 0) {
                first = v;
            } else {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", v));
        }
        if ((first & 1) != 0) {
            throw xmlError("expected unicast mac address, found multicast '" + raw + "'");
        }
        return sb.toString();
    }

    private static ChrDef chr(XmlElement e, String kind) {
        onlyChildren(e, kind, Set.of("source", "target"));
        String type = e.attr("type");
        if (type == null || XmlNamed.byXmlName(ChrType.class, type) == null) {
            throw unsupported("only 'nmdm' " + kind + " types are supported by the bhyve driver, not '" + type + "'");
        }
        XmlElement src = e.element("source");
        String master = src == null ? null : src.attr("master");
        String slave = src == null ? null : src.attr("slave");
        XmlElement target = e.element("target");
        int port = -1;
        if (target != null) {
            String targetType = target.attr("type");
            if (kind.equals("console") && targetType != null && !targetType.equals("serial")) {
                throw unsupported("console target type '" + targetType + "' is not supported by the bhyve driver");
            }
            if (kind.equals("serial") && targetType != null && !targetType.equals("isa-serial")) {
                throw unsupported("serial target type '" + targetType + "' is not supported by the bhyve driver");
            }
            port = intAttr(target, "port", -1, kind + " target port");
        }
        return new ChrDef(ChrType.NMDM, master, slave, port);
    }

    private static InputDef input(XmlElement e) {
        onlyChildren(e, "input", Set.of("address"));
        String type = e.attr("type");
        String bus = e.attr("bus");
        if (type == null) {
            throw xmlError("missing input device type");
        }
        InputType t = enumValue(InputType.class, type, "input type");
        if (bus == null || XmlNamed.byXmlName(InputBus.class, bus) == null) {
            throw unsupported("input bus '" + bus + "' is not supported by the bhyve driver (only usb)");
        }
        if (e.element("address") != null) {
            throw unsupported("an address on <input> is not supported by the bhyve driver");
        }
        return new InputDef(t, InputBus.USB);
    }

    private static GraphicsDef graphics(XmlElement e) {
        onlyChildren(e, "graphics", Set.of("listen"));
        String type = e.attr("type");
        if (type == null) {
            throw xmlError("missing graphics device type");
        }
        GraphicsType t = enumValue(GraphicsType.class, type, "graphics type");
        int port = 0;
        boolean autoport;
        String portAttr = e.attr("port");
        if (portAttr != null) {
            port = XmlValues.signedInt(portAttr, "graphics port");
            autoport = port == -1;
            if (port == -1) {
                port = 0;
            }
        } else {
            autoport = true;
        }
        YesNo auto = XmlValues.yesNo(e.attr("autoport"), "graphics autoport");
        if (auto != null) {
            autoport = auto == YesNo.YES;
            if (autoport) {
                port = 0;
            }
        }
        Integer websocket = e.attr("websocket") == null ? null
                : XmlValues.signedInt(e.attr("websocket"), "graphics websocket");
        List<GraphicsListen> listens = new ArrayList<>();
        for (XmlElement l : e.elements("listen")) {
            String lt = l.attr("type");
            if (lt == null) {
                throw xmlError("graphics listen type must be specified");
            }
            ListenType listenType = enumValue(ListenType.class, lt, "graphics listen type");
            if (listenType == ListenType.NETWORK && l.attr("network") == null) {
                throw xmlError("network attribute is required for listen type 'network'");
            }
            listens.add(new GraphicsListen(listenType, l.attr("address"),
                    listenType == ListenType.NETWORK ? l.attr("network") : null));
        }
        String listenAttr = e.attr("listen");
        if (listenAttr != null) {
            if (listens.isEmpty()) {
                listens.add(new GraphicsListen(ListenType.ADDRESS, listenAttr, null));
            } else if (listens.get(0).type() == ListenType.ADDRESS
                    && !listenAttr.equals(listens.get(0).address())) {
                throw xmlError("graphics 'listen' attribute '" + listenAttr
                        + "' must match 'address' attribute of first listen element (found '"
                        + listens.get(0).address() + "')");
            }
        }
        return new GraphicsDef(t, port, autoport, websocket, e.attr("passwd"), listens);
    }

    private static SoundDef sound(XmlElement e) {
        onlyChildren(e, "sound", Set.of("audio", "address"));
        String model = e.attr("model");
        if (model == null) {
            throw xmlError("missing sound model");
        }
        SoundModel m = enumValue(SoundModel.class, model, "sound model");
        XmlElement audio = e.element("audio");
        Integer id = audio == null ? null : intAttrOrNull(audio, "id", "sound audio id");
        return new SoundDef(m, id, address(e, "sound"));
    }

    private static AudioDef audio(XmlElement e) {
        onlyChildren(e, "audio", Set.of("input", "output"));
        String type = e.attr("type");
        if (type == null) {
            throw xmlError("missing audio type");
        }
        AudioType t = enumValue(AudioType.class, type, "audio type");
        if (e.attr("id") == null) {
            throw xmlError("missing audio 'id' attribute");
        }
        int id = intAttr(e, "id", 0, "audio id");
        XmlElement in = e.element("input");
        XmlElement out = e.element("output");
        return new AudioDef(id, t, in == null ? null : in.attr("dev"), out == null ? null : out.attr("dev"));
    }

    private static VideoDef video(XmlElement e) {
        onlyChildren(e, "video", Set.of("model", "driver", "address"));
        XmlElement model = e.element("model");
        Integer vram = null;
        int heads = 1;
        boolean primary = false;
        Integer x = null;
        Integer y = null;
        if (model != null) {
            onlyChildren(model, "video model", Set.of("resolution"));
            String type = model.attr("type");
            if (type != null && !type.equals("default")) {
                enumValue(VideoModel.class, type, "video model");
            }
            vram = intAttrOrNull(model, "vram", "video vram");
            heads = intAttr(model, "heads", 1, "video heads");
            primary = XmlValues.yesNo(model.attr("primary"), "video primary") == YesNo.YES;
            XmlElement res = model.element("resolution");
            if (res != null) {
                x = intAttrOrNull(res, "x", "video resolution x");
                y = intAttrOrNull(res, "y", "video resolution y");
                if (x == null || y == null) {
                    throw xmlError("missing values for resolution");
                }
            }
        }
        XmlElement driver = e.element("driver");
        VgaConf vga = null;
        if (driver != null && driver.attr("vgaconf") != null) {
            vga = XmlNamed.byXmlName(VgaConf.class, driver.attr("vgaconf"));
            if (vga == null) {
                throw xmlError("unknown vgaconf value '" + driver.attr("vgaconf") + "'");
            }
        }
        return new VideoDef(VideoModel.GOP, vram, heads, primary, x, y, vga, address(e, "video"));
    }

    private static RngDef rng(XmlElement e) {
        onlyChildren(e, "rng", Set.of("backend", "address"));
        String model = e.attr("model");
        if (model == null || !model.equals(RngModel.VIRTIO.xmlName())) {
            throw unsupported("Only 'virtio' RNG device model is supported, not '" + model + "'");
        }
        XmlElement backend = e.element("backend");
        if (backend == null) {
            throw xmlError("missing RNG device backend");
        }
        String bm = backend.attr("model");
        if (bm == null || !bm.equals(RngBackendModel.RANDOM.xmlName())) {
            throw unsupported("Only 'random' backend model is supported, not '" + bm + "'");
        }
        String source = backend.text().strip();
        if (source.isEmpty()) {
            source = "/dev/random";
        }
        if (!source.equals("/dev/random")) {
            throw unsupported("Only /dev/random source is supported, not '" + source + "'");
        }
        return new RngDef(RngModel.VIRTIO, RngBackendModel.RANDOM, source, address(e, "rng"));
    }
}
