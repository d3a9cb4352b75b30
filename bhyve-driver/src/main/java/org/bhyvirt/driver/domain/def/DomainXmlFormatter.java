package org.bhyvirt.driver.domain.def;

import java.util.List;

/**
 * Writes a {@link DomainDef} as libvirt writes domain XML: the same elements and attributes in the
 * same order, two-space indentation, single-quoted attributes, memory in KiB. For a definition
 * parsed by {@link DomainXmlParser}, {@link #formatInactive(DomainDef)} is byte for byte what
 * {@code virsh dumpxml --inactive --security-info} prints on libvirt's bhyve driver, and parsing
 * it again gives the same definition. A pure function; thread-safe.
 */
public final class DomainXmlFormatter {

    /** Whether secrets (the VNC password) are written. */
    public enum Secrets {
        /** Write them, as libvirt does with VIR_DOMAIN_XML_SECURE (and for its own config files). */
        INCLUDE,
        /** Leave them out, as libvirt does for an ordinary dumpxml. */
        OMIT
    }

    /** The inactive XML with secrets (what is stored, and what libvirt's xml2xml tests print). */
    public String formatInactive(DomainDef def) {
        return format(def, -1, Secrets.INCLUDE);
    }

    /** The inactive XML. */
    public String formatInactive(DomainDef def, Secrets secrets) {
        return format(def, -1, secrets);
    }

    /** The live XML of a running domain with id {@code id}, with secrets. */
    public String formatLive(DomainDef def, int id) {
        return format(def, id, Secrets.INCLUDE);
    }

    /** The live XML of a running domain with id {@code id}. */
    public String formatLive(DomainDef def, int id, Secrets secrets) {
        if (id < 0) {
            throw new IllegalArgumentException("a running domain's id is not negative: " + id);
        }
        return format(def, id, secrets);
    }

    private static String format(DomainDef def, int id, Secrets secrets) {
        XmlOut out = new XmlOut();
        out.open("domain").attr("type", "bhyve").attr("id", id >= 0 ? id : null)
                .attr("xmlns:bhyve", def.commandlineArgs().isEmpty() ? null : DomainDef.BHYVE_NAMESPACE).begin();
        out.element("name", def.name());
        out.element("uuid", def.uuid());
        out.element("title", def.title());
        out.element("description", def.description());
        if (!def.metadata().isEmpty()) {
            out.open("metadata").begin();
            for (MetadataEntry m : def.metadata()) {
                out.raw(m.xml());
            }
            out.end("metadata");
        }
        out.open("memory").attr("unit", "KiB").text("memory", Long.toString(def.memoryKiB()));
        out.open("currentMemory").attr("unit", "KiB").text("currentMemory", Long.toString(def.currentMemoryKiB()));
        if (def.memoryLocked()) {
            out.open("memoryBacking").begin();
            out.open("locked").empty();
            out.end("memoryBacking");
        }
        VcpuDef vcpu = def.vcpu();
        out.open("vcpu").attr("placement", vcpu.placement().xmlName()).attr("cpuset", vcpu.cpuset())
                .attr("current", vcpu.current()).text("vcpu", Integer.toString(vcpu.count()));
        os(out, def.os());
        features(out, def.features());
        if (def.topology() != null) {
            CpuTopology t = def.topology();
            out.open("cpu").begin();
            out.open("topology").attr("sockets", t.sockets()).attr("dies", t.dies()).attr("clusters", t.clusters())
                    .attr("cores", t.cores()).attr("threads", t.threads()).empty();
            out.end("cpu");
        }
        out.open("clock").attr("offset", def.clockOffset().xmlName()).empty();
        out.element("on_poweroff", def.onPoweroff().xmlName());
        out.element("on_reboot", def.onReboot().xmlName());
        out.element("on_crash", def.onCrash().xmlName());
        devices(out, def.devices(), id >= 0, secrets);
        if (!def.commandlineArgs().isEmpty()) {
            out.open("bhyve:commandline").begin();
            for (String arg : def.commandlineArgs()) {
                out.open("bhyve:arg").attr("value", arg).empty();
            }
            out.end("bhyve:commandline");
        }
        out.end("domain");
        return out.toString();
    }

    private static void os(XmlOut out, OsDef os) {
        if (os.bootloader() != null) {
            // libvirt writes bootloader_args only together with a bootloader (a quirk kept on purpose)
            out.element("bootloader", os.bootloader());
            out.element("bootloader_args", os.bootloaderArgs());
        }
        out.open("os").attr("firmware", os.firmware() == null ? null : os.firmware().xmlName()).begin();
        out.open("type").attr("arch", os.arch()).attr("machine", os.machine()).text("type", os.type());
        LoaderDef l = os.loader();
        if (l != null) {
            out.open("loader").attr("readonly", name(l.readonly())).attr("secure", name(l.secure()))
                    .attr("type", name(l.type()));
            if (l.path() == null) {
                out.empty();
            } else {
                out.text("loader", l.path());
            }
        }
        out.element("nvram", os.nvram());
        for (BootDevice b : os.bootDevices()) {
            out.open("boot").attr("dev", b.xmlName()).empty();
        }
        out.end("os");
    }

    private static String name(XmlNamed n) {
        return n == null ? null : n.xmlName();
    }

    private static void features(XmlOut out, Features f) {
        if (f.isEmpty()) {
            return;
        }
        out.open("features").begin();
        if (f.acpi()) {
            out.open("acpi").empty();
        }
        if (f.apic()) {
            out.open("apic").empty();
        }
        if (f.msrsUnknown() != null) {
            out.open("msrs").attr("unknown", f.msrsUnknown().xmlName()).empty();
        }
        out.end("features");
    }

    private static void devices(XmlOut out, Devices d, boolean live, Secrets secrets) {
        out.open("devices").begin();
        out.element("emulator", d.emulator());
        d.disks().forEach(x -> disk(out, x));
        d.controllers().forEach(x -> controller(out, x));
        d.filesystems().forEach(x -> filesystem(out, x));
        d.interfaces().forEach(x -> net(out, x));
        d.serials().forEach(x -> chr(out, x, "serial"));
        d.consoles().forEach(x -> chr(out, x, "console"));
        d.inputs().forEach(x -> out.open("input").attr("type", x.type().xmlName()).attr("bus", x.bus().xmlName())
                .empty());
        d.graphics().forEach(x -> graphics(out, x, live, secrets));
        d.sounds().forEach(x -> sound(out, x));
        d.audios().forEach(x -> audio(out, x));
        d.videos().forEach(x -> video(out, x));
        d.rngs().forEach(x -> rng(out, x));
        out.end("devices");
    }

    private static void address(XmlOut out, DeviceAddress address) {
        if (address instanceof PciAddress p) {
            out.open("address").attr("type", "pci").attr("domain", String.format("0x%04x", p.domain()))
                    .attr("bus", String.format("0x%02x", p.bus())).attr("slot", String.format("0x%02x", p.slot()))
                    .attr("function", String.format("0x%x", p.function())).empty();
        } else if (address instanceof DriveAddress a) {
            out.open("address").attr("type", "drive").attr("controller", a.controller()).attr("bus", a.bus())
                    .attr("target", a.target()).attr("unit", a.unit()).empty();
        }
    }

    private static void disk(XmlOut out, DiskDef d) {
        out.open("disk").attr("type", d.type().xmlName()).attr("device", d.device().xmlName()).begin();
        if (d.driver() != null && (d.driver().name() != null || d.driver().type() != null)) {
            out.open("driver").attr("name", d.driver().name()).attr("type", d.driver().type()).empty();
        }
        DiskSource s = d.source();
        if (s != null) {
            switch (d.type()) {
                case FILE -> out.open("source").attr("file", s.path()).empty();
                case BLOCK -> out.open("source").attr("dev", s.path()).empty();
                case VOLUME -> out.open("source").attr("pool", s.pool()).attr("volume", s.volume()).empty();
                default -> throw new IllegalStateException(d.type().name());
            }
        }
        out.open("target").attr("dev", d.targetDev()).attr("bus", d.bus().xmlName()).empty();
        if (d.readonly()) {
            out.open("readonly").empty();
        }
        if (d.bootOrder() != null) {
            out.open("boot").attr("order", d.bootOrder()).empty();
        }
        address(out, d.address());
        out.end("disk");
    }

    private static void controller(XmlOut out, ControllerDef c) {
        out.open("controller").attr("type", c.type().xmlName()).attr("index", c.index())
                .attr("model", c.model() == null ? null : c.model().xmlName());
        if (c.address() == null) {
            out.empty();
        } else {
            out.begin();
            address(out, c.address());
            out.end("controller");
        }
    }

    private static void filesystem(XmlOut out, FilesystemDef f) {
        out.open("filesystem").attr("type", f.type().xmlName()).attr("accessmode", f.accessMode().xmlName()).begin();
        if (f.driverType() != null) {
            out.open("driver").attr("type", f.driverType()).empty();
        }
        String sourceAttr = switch (f.type()) {
            case BLOCK -> "dev";
            case FILE -> "file";
            case TEMPLATE -> "name";
            case RAM -> "usage";
            case VOLUME -> "volume";
            default -> "dir";
        };
        out.open("source").attr(sourceAttr, f.sourceDir()).empty();
        out.open("target").attr("dir", f.targetDir()).empty();
        if (f.readonly()) {
            out.open("readonly").empty();
        }
        address(out, f.address());
        out.end("filesystem");
    }

    private static void net(XmlOut out, InterfaceDef n) {
        out.open("interface").attr("type", n.type().xmlName()).begin();
        out.open("mac").attr("address", n.mac()).empty();
        if (n.sourceBridge() != null) {
            out.open("source").attr("bridge", n.sourceBridge()).empty();
        } else if (n.sourceNetwork() != null) {
            out.open("source").attr("network", n.sourceNetwork()).empty();
        }
        if (n.model() != null) {
            out.open("model").attr("type", n.model().xmlName()).empty();
        }
        if (n.bootOrder() != null) {
            out.open("boot").attr("order", n.bootOrder()).empty();
        }
        address(out, n.address());
        out.end("interface");
    }

    private static void chr(XmlOut out, ChrDef c, String kind) {
        out.open(kind).attr("type", c.type().xmlName()).begin();
        out.open("source").attr("master", c.master()).attr("slave", c.slave()).empty();
        out.open("target").attr("type", kind.equals("console") ? "serial" : null).attr("port", c.port()).empty();
        out.end(kind);
    }

    private static void graphics(XmlOut out, GraphicsDef g, boolean live, Secrets secrets) {
        String port = null;
        if (g.port() > 0 && (!g.autoport() || live)) {
            port = Integer.toString(g.port());
        } else if (g.autoport()) {
            port = "-1";
        }
        List<GraphicsListen> listens = g.listens();
        String listenAttr = !listens.isEmpty() && listens.get(0).type() == ListenType.ADDRESS
                ? listens.get(0).address() : null;
        out.open("graphics").attr("type", g.type().xmlName()).attr("port", port)
                .attr("autoport", g.autoport() ? "yes" : "no").attr("websocket", g.websocket())
                .attr("listen", listenAttr).attr("passwd", secrets == Secrets.INCLUDE ? g.password() : null);
        if (listens.isEmpty()) {
            out.empty();
            return;
        }
        out.begin();
        for (GraphicsListen l : listens) {
            out.open("listen").attr("type", l.type().xmlName()).attr("address", l.address())
                    .attr("network", l.network()).empty();
        }
        out.end("graphics");
    }

    private static void sound(XmlOut out, SoundDef s) {
        out.open("sound").attr("model", s.model().xmlName());
        if (s.audioId() == null && s.address() == null) {
            out.empty();
            return;
        }
        out.begin();
        if (s.audioId() != null) {
            out.open("audio").attr("id", s.audioId()).empty();
        }
        address(out, s.address());
        out.end("sound");
    }

    private static void audio(XmlOut out, AudioDef a) {
        out.open("audio").attr("id", a.id()).attr("type", a.type().xmlName());
        if (a.inputDev() == null && a.outputDev() == null) {
            out.empty();
            return;
        }
        out.begin();
        if (a.inputDev() != null) {
            out.open("input").attr("dev", a.inputDev()).empty();
        }
        if (a.outputDev() != null) {
            out.open("output").attr("dev", a.outputDev()).empty();
        }
        out.end("audio");
    }

    private static void video(XmlOut out, VideoDef v) {
        out.open("video").begin();
        if (v.vgaConf() != null && v.vgaConf() != VgaConf.IO) {
            out.open("driver").attr("vgaconf", v.vgaConf().xmlName()).empty();
        }
        out.open("model").attr("type", v.model().xmlName()).attr("vram", v.vram()).attr("heads", v.heads())
                .attr("primary", v.primary() ? "yes" : null);
        if (v.resolutionX() == null) {
            out.empty();
        } else {
            out.begin();
            out.open("resolution").attr("x", v.resolutionX()).attr("y", v.resolutionY()).empty();
            out.end("model");
        }
        address(out, v.address());
        out.end("video");
    }

    private static void rng(XmlOut out, RngDef r) {
        out.open("rng").attr("model", r.model().xmlName()).begin();
        out.open("backend").attr("model", r.backendModel().xmlName()).text("backend", r.backendSource());
        address(out, r.address());
        out.end("rng");
    }
}
