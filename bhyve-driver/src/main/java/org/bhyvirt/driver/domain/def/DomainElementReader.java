package org.bhyvirt.driver.domain.def;

import static org.bhyvirt.driver.domain.def.XmlValues.childText;
import static org.bhyvirt.driver.domain.def.XmlValues.enumValue;
import static org.bhyvirt.driver.domain.def.XmlValues.intAttr;
import static org.bhyvirt.driver.domain.def.XmlValues.onlyChildren;
import static org.bhyvirt.driver.domain.def.XmlValues.unsupported;
import static org.bhyvirt.driver.domain.def.XmlValues.xmlError;
import static org.bhyvirt.driver.domain.def.XmlValues.yesNo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.xml.XmlElement;

/**
 * Reads the {@code <domain>} element into a raw {@link DomainDef}: the values exactly as written,
 * before libvirt's defaults ({@link DomainDefaults}) are applied. Unset values are null (or -1
 * for indices and ports). Refuses what the bhyve driver does not support, naming it.
 */
final class DomainElementReader {

    private static final Set<String> TOP_LEVEL = Set.of("name", "uuid", "title", "description", "metadata",
            "memory", "currentMemory", "memoryBacking", "vcpu", "cpu", "os", "bootloader", "bootloader_args",
            "features", "clock", "on_poweroff", "on_reboot", "on_crash", "devices");

    private final DeviceReader devices;

    DomainElementReader(MacAddressGenerator macs) {
        this.devices = new DeviceReader(macs);
    }

    DomainDef read(XmlElement root) {
        if (!root.namespaceUri().isEmpty() || !root.localName().equals("domain")) {
            throw xmlError("unexpected root element <" + root.qName() + ">, expecting <domain>");
        }
        String type = root.attr("type");
        if (type == null) {
            throw xmlError("missing domain type attribute");
        }
        if (!type.equals("bhyve")) {
            throw unsupported("domain type '" + type + "' is not supported by the bhyve driver");
        }
        onlyChildren(root, "domain", TOP_LEVEL);
        String name = childText(root, "name");
        if (name == null) {
            throw new BhyveDriverException(VirErrorNumber.NO_NAME, "missing name information");
        }
        UUID uuid = uuid(childText(root, "uuid"));
        String title = childText(root, "title");
        if (title != null && title.contains("\n")) {
            throw xmlError("title can't contain newlines");
        }
        String description = childText(root, "description");
        List<MetadataEntry> metadata = MetadataXml.read(root.element("metadata"));
        long memory = XmlValues.memoryKiB(root.element("memory"), "memory");
        long current = XmlValues.memoryKiB(root.element("currentMemory"), "currentMemory");
        boolean locked = memoryLocked(root.element("memoryBacking"));
        VcpuDef vcpu = vcpu(root.element("vcpu"));
        CpuDef cpu = cpu(root.element("cpu"));
        OsDef os = os(root.element("os"), childText(root, "bootloader"), childText(root, "bootloader_args"));
        Features features = features(root.element("features"));
        ClockOffset clock = clock(root.element("clock"));
        LifecycleAction onPoweroff = action(root, "on_poweroff", LifecycleAction.DESTROY);
        LifecycleAction onReboot = action(root, "on_reboot", LifecycleAction.RESTART);
        LifecycleAction onCrash = action(root, "on_crash", LifecycleAction.DESTROY);
        Devices devs = devices.read(root.element("devices"));
        List<String> args = commandline(root);
        return new DomainDef(name, uuid, title, description, metadata, memory, current, locked, vcpu, cpu, os,
                features, clock, onPoweroff, onReboot, onCrash, devs, args);
    }

    /** Parses a UUID as libvirt does: 32 hex digits, dashes anywhere between pairs, blanks around. */
    static UUID uuid(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip();
        StringBuilder hex = new StringBuilder(32);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0 || hex.length() == 32) {
                throw xmlError("malformed uuid element: '" + raw + "'");
            }
            hex.append(c);
        }
        if (hex.length() != 32) {
            throw xmlError("malformed uuid element: '" + raw + "'");
        }
        long hi = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        long lo = Long.parseUnsignedLong(hex.substring(16), 16);
        return new UUID(hi, lo);
    }

    private static boolean memoryLocked(XmlElement backing) {
        if (backing == null) {
            return false;
        }
        onlyChildren(backing, "memoryBacking", Set.of("locked"));
        return backing.element("locked") != null;
    }

    private static VcpuDef vcpu(XmlElement e) {
        if (e == null) {
            return VcpuDef.of(1);
        }
        String text = e.text().trim();
        int count;
        try {
            count = Integer.parseInt(text);
        } catch (NumberFormatException ex) {
            throw xmlError("maximum vcpus count must be an integer, got '" + text + "'");
        }
        String placement = e.attr("placement");
        VcpuPlacement p = placement == null ? VcpuPlacement.STATIC
                : enumValue(VcpuPlacement.class, placement, "vcpu placement");
        Integer current = XmlValues.intAttrOrNull(e, "current", "vcpu current");
        return new VcpuDef(count, p, e.attr("cpuset"), current);
    }

    private static CpuDef cpu(XmlElement e) {
        if (e == null) {
            return null;
        }
        onlyChildren(e, "cpu", Set.of("topology"));
        String mode = e.attr("mode");
        if (mode != null && !mode.equals("custom")) {
            throw unsupported("cpu mode '" + mode + "' is not supported by the bhyve driver");
        }
        XmlElement t = e.element("topology");
        if (t == null) {
            return new CpuDef(null);
        }
        return new CpuDef(new CpuTopology(topologyPart(t, "sockets", true), topologyPart(t, "dies", false),
                topologyPart(t, "clusters", false), topologyPart(t, "cores", true), topologyPart(t, "threads", true)));
    }

    private static int topologyPart(XmlElement t, String attr, boolean required) {
        if (t.attr(attr) == null) {
            if (required) {
                throw xmlError("Missing '" + attr + "' attribute in CPU topology");
            }
            return 1;
        }
        int v = intAttr(t, attr, 1, "'" + attr + "' in CPU topology");
        if (v == 0) {
            throw xmlError("Invalid '" + attr + "' value in CPU topology: must be at least 1");
        }
        return v;
    }

    private static OsDef os(XmlElement e, String bootloader, String bootloaderArgs) {
        if (e == null) {
            throw new BhyveDriverException(VirErrorNumber.OS_TYPE, "an os <type> must be specified");
        }
        onlyChildren(e, "os", Set.of("type", "loader", "nvram", "boot"));
        XmlElement typeEl = e.element("type");
        String type = typeEl == null ? null : typeEl.text().strip();
        if (type == null || type.isEmpty()) {
            throw new BhyveDriverException(VirErrorNumber.OS_TYPE, "an os <type> must be specified");
        }
        if (!type.equals("hvm")) {
            throw new BhyveDriverException(VirErrorNumber.OS_TYPE,
                    "OS type '" + type + "' is not supported by the bhyve driver (only hvm)");
        }
        String arch = typeEl.attr("arch");
        if (arch != null && !arch.equals("x86_64")) {
            throw unsupported("No guest options available for arch '" + arch + "'");
        }
        String machine = typeEl.attr("machine");
        String fw = e.attr("firmware");
        Firmware firmware = fw == null ? null : enumValue(Firmware.class, fw, "os firmware");
        LoaderDef loader = null;
        XmlElement l = e.element("loader");
        if (l != null) {
            String path = l.text().strip();
            String lt = l.attr("type");
            loader = new LoaderDef(path.isEmpty() ? null : path, yesNo(l.attr("readonly"), "loader readonly"),
                    yesNo(l.attr("secure"), "loader secure"), lt == null ? null : enumValue(LoaderType.class, lt,
                    "loader type"));
        }
        String nvram = childText(e, "nvram");
        List<BootDevice> boot = new ArrayList<>();
        for (XmlElement b : e.elements("boot")) {
            String dev = b.attr("dev");
            if (dev == null) {
                throw xmlError("missing boot device");
            }
            BootDevice d = XmlNamed.byXmlName(BootDevice.class, dev);
            if (d == null) {
                throw xmlError("unknown boot device '" + dev + "'");
            }
            if (boot.size() < 4) {
                boot.add(d);
            }
        }
        return new OsDef(type, arch, machine, firmware, loader, nvram == null ? null : nvram.strip(), bootloader,
                bootloaderArgs, boot);
    }

    private static Features features(XmlElement e) {
        if (e == null) {
            return Features.NONE;
        }
        onlyChildren(e, "features", Set.of("acpi", "apic", "msrs"));
        MsrsUnknown msrs = null;
        XmlElement m = e.element("msrs");
        if (m != null) {
            String unknown = m.attr("unknown");
            if (unknown == null) {
                throw xmlError("missing 'unknown' attribute for feature 'msrs'");
            }
            msrs = XmlNamed.byXmlName(MsrsUnknown.class, unknown);
            if (msrs == null) {
                throw xmlError("Invalid value '" + unknown + "' for attribute 'unknown' of element 'msrs'");
            }
        }
        return new Features(e.element("acpi") != null, e.element("apic") != null, msrs);
    }

    private static ClockOffset clock(XmlElement e) {
        if (e == null) {
            return ClockOffset.UTC;
        }
        onlyChildren(e, "clock", Set.of());
        String offset = e.attr("offset");
        if (offset == null) {
            return ClockOffset.UTC;
        }
        return enumValue(ClockOffset.class, offset, "clock offset");
    }

    private static LifecycleAction action(XmlElement root, String element, LifecycleAction fallback) {
        String v = childText(root, element);
        if (v == null) {
            return fallback;
        }
        LifecycleAction a = XmlNamed.byXmlName(LifecycleAction.class, v.strip());
        if (a == null) {
            throw xmlError("unknown " + element + " action: " + v);
        }
        return a;
    }

    private static List<String> commandline(XmlElement root) {
        List<String> args = new ArrayList<>();
        for (XmlElement c : root.elements()) {
            if (!c.namespaceUri().equals(DomainDef.BHYVE_NAMESPACE)) {
                continue;
            }
            if (!c.localName().equals("commandline")) {
                throw unsupported("element <" + c.qName() + "> of the bhyve namespace is not supported");
            }
            for (XmlElement a : c.elements()) {
                if (!a.namespaceUri().equals(DomainDef.BHYVE_NAMESPACE) || !a.localName().equals("arg")) {
                    continue;
                }
                String value = a.attr("value");
                if (value == null) {
                    throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR,
                            "No bhyve command-line argument specified");
                }
                args.add(value);
            }
        }
        return args;
    }
}
