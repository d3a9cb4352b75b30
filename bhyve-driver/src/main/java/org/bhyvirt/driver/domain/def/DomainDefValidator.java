package org.bhyvirt.driver.domain.def;

import static org.bhyvirt.driver.domain.def.XmlValues.unsupported;
import static org.bhyvirt.driver.domain.def.XmlValues.xmlError;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates a complete {@link DomainDef}: first the Jakarta Bean Validation constraints on the
 * records (name, UUID, memory, vCPUs, MAC format, addresses, ...), then the cross-field rules
 * libvirt applies (topology product, duplicate disk targets, drive address collisions, address
 * types that fit the disk bus, duplicate controllers, the bhyve ISA controller's index, boot
 * orders, audio references). A violation is a {@link BhyveDriverException} with
 * VIR_ERR_XML_ERROR (or VIR_ERR_CONFIG_UNSUPPORTED where libvirt uses it) naming the field and
 * its value. Thread-safe.
 */
public final class DomainDefValidator {

    private static final ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    private DomainDefValidator() {
    }

    /**
     * Checks {@code def}.
     *
     * @throws BhyveDriverException when a constraint or a libvirt rule is violated
     */
    public static void validate(DomainDef def) {
        Set<ConstraintViolation<DomainDef>> violations = VALIDATOR.validate(def);
        if (!violations.isEmpty()) {
            ConstraintViolation<DomainDef> v = violations.stream()
                    .min(Comparator.comparing(x -> x.getPropertyPath().toString())).orElseThrow();
            String path = v.getPropertyPath().toString();
            String prefix = path.equals("name") ? "invalid domain name '" + display(v.getInvalidValue()) + "': "
                    : "invalid " + path + " (" + display(v.getInvalidValue()) + "): ";
            throw xmlError(prefix + v.getMessage());
        }
        crossField(def);
    }

    private static String display(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 80) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static void crossField(DomainDef def) {
        if (def.title() != null && def.title().contains("\n")) {
            throw xmlError("title can't contain newlines");
        }
        CpuTopology t = def.topology();
        if (t != null && t.product() != def.vcpus()) {
            throw xmlError("CPU topology doesn't match maximum vcpu count: " + t.sockets() + " sockets x "
                    + t.dies() + " dies x " + t.clusters() + " clusters x " + t.cores() + " cores x " + t.threads()
                    + " threads != " + def.vcpus() + " vcpus");
        }
        if (def.vcpu().current() != null && def.vcpu().current() > def.vcpus()) {
            throw xmlError("current vcpus count (" + def.vcpu().current()
                    + ") must be less than or equal to the maximum (" + def.vcpus() + ")");
        }
        Devices d = def.devices();
        disks(d.disks());
        controllers(d.controllers());
        bootOrders(d);
        Set<Integer> audioIds = new HashSet<>();
        for (AudioDef a : d.audios()) {
            if (!audioIds.add(a.id())) {
                throw xmlError("audio backend id '" + a.id() + "' is used more than once");
            }
        }
        for (SoundDef s : d.sounds()) {
            if (s.audioId() != null && !audioIds.contains(s.audioId())) {
                throw xmlError("no audio backend with id '" + s.audioId() + "' for sound device");
            }
        }
    }

    private static void disks(List<DiskDef> disks) {
        Map<String, DiskDef> targets = new HashMap<>();
        // libvirt compares drive addresses only between disks of one bus: SATA and NVMe addresses
        // name different controllers.
        Map<DiskBus, Map<DriveAddress, DiskDef>> drives = new EnumMap<>(DiskBus.class);
        for (DiskDef disk : disks) {
            DiskDef other = targets.putIfAbsent(disk.targetDev(), disk);
            if (other != null) {
                throw xmlError("target '" + disk.targetDev() + "' duplicated for disk sources '"
                        + source(other) + "' and '" + source(disk) + "'");
            }
            boolean driveBus = disk.bus() == DiskBus.SATA || disk.bus() == DiskBus.NVME;
            if (disk.address() != null && (disk.address() instanceof DriveAddress) != driveBus) {
                throw unsupported("Invalid address type '" + (disk.address() instanceof PciAddress ? "pci" : "drive")
                        + "' for the disk '" + disk.targetDev() + "' with the bus type '" + disk.bus().xmlName() + "'");
            }
            if (disk.address() instanceof DriveAddress a) {
                DiskDef clash = drives.computeIfAbsent(disk.bus(), b -> new HashMap<>()).putIfAbsent(a, disk);
                if (clash != null) {
                    throw xmlError("Found duplicate drive address for disk with target name '" + disk.targetDev()
                            + "' controller='" + a.controller() + "' bus='" + a.bus() + "' target='" + a.target()
                            + "' unit='" + a.unit() + "'");
                }
            }
        }
    }

    private static String source(DiskDef d) {
        if (d.source() == null) {
            return "";
        }
        return d.source().path() != null ? d.source().path() : d.source().pool() + "/" + d.source().volume();
    }

    private static void controllers(List<ControllerDef> controllers) {
        Set<String> seen = new HashSet<>();
        for (ControllerDef c : controllers) {
            if (!seen.add(c.type() + "/" + c.index())) {
                throw xmlError("Multiple '" + c.type().xmlName() + "' controllers with index '" + c.index() + "'");
            }
            if (c.type() == ControllerType.ISA && c.index() != 0) {
                throw unsupported("Bhyve ISA controller can only have index '0'");
            }
            if (c.model() == ControllerModel.PCI_ROOT && c.address() != null) {
                throw xmlError("pci-root controller must not have an address");
            }
        }
    }

    private static void bootOrders(Devices d) {
        Set<Integer> orders = new HashSet<>();
        for (DiskDef x : d.disks()) {
            if (x.bootOrder() != null && !orders.add(x.bootOrder())) {
                throw xmlError("boot order '" + x.bootOrder() + "' used for more than one device");
            }
        }
        for (InterfaceDef x : d.interfaces()) {
            if (x.bootOrder() != null && !orders.add(x.bootOrder())) {
                throw xmlError("boot order '" + x.bootOrder() + "' used for more than one device");
            }
        }
    }
}
