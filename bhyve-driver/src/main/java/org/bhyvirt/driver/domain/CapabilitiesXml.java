package org.bhyvirt.driver.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.bhyvirt.driver.argv.BhyveCapability;

/**
 * The host's capabilities ({@code virConnectGetCapabilities}) and domain capabilities
 * ({@code virConnectGetDomainCapabilities}) as libvirt's bhyve driver formats them: one hvm guest
 * of arch x86_64 with domain type bhyve and the bhyve program as emulator; the domain capabilities
 * list the UEFI firmware files found in the firmware directory and the devices this bhyve's probed
 * features allow. The host UUID is derived from the host name, so it is stable across restarts.
 */
public final class CapabilitiesXml {

    /** The largest vCPU count bhyve accepts (VM_MAXCPU on FreeBSD 14). */
    public static final int MAX_VCPUS = 16;

    private CapabilitiesXml() {
    }

    /** The host's stable UUID. */
    public static UUID hostUuid(String hostName) {
        return UUID.nameUUIDFromBytes(("bhyvirt-host:" + hostName).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code <capabilities>}. */
    public static String capabilities(HostCapabilities caps, Path emulator) {
        StringBuilder b = new StringBuilder(1024);
        b.append("<capabilities>\n\n");
        b.append("  <host>\n");
        b.append("    <uuid>").append(hostUuid(caps.hostName())).append("</uuid>\n");
        b.append("    <cpu>\n      <arch>x86_64</arch>\n");
        if (!caps.node().model().isBlank()) {
            b.append("      <model>").append(escape(caps.node().model())).append("</model>\n");
        }
        b.append("      <topology sockets='1' dies='1' cores='").append(caps.node().cpus())
                .append("' threads='1'/>\n    </cpu>\n");
        b.append("    <power_management/>\n");
        b.append("    <migration_features>\n      <live/>\n      <uri_transports>\n")
                .append("        <uri_transport>tcp</uri_transport>\n      </uri_transports>\n")
                .append("    </migration_features>\n");
        b.append("    <topology>\n      <cells num='1'>\n        <cell id='0'>\n          <memory unit='KiB'>")
                .append(caps.node().memoryKiB()).append("</memory>\n          <cpus num='").append(caps.node().cpus())
                .append("'>\n");
        for (int i = 0; i < caps.node().cpus(); i++) {
            b.append("            <cpu id='").append(i).append("' socket_id='0' die_id='0' core_id='").append(i)
                    .append("' siblings='").append(i).append("'/>\n");
        }
        b.append("          </cpus>\n        </cell>\n      </cells>\n    </topology>\n");
        b.append("  </host>\n\n");
        b.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='x86_64'>\n      <wordsize>64</wordsize>\n")
                .append("      <emulator>").append(escape(emulator.toString())).append("</emulator>\n")
                .append("      <domain type='bhyve'/>\n    </arch>\n    <features>\n")
                .append("      <acpi default='on' toggle='yes'/>\n      <apic default='on' toggle='no'/>\n")
                .append("    </features>\n  </guest>\n\n");
        b.append("</capabilities>\n");
        return b.toString();
    }

    /** {@code <domainCapabilities>} for domain type bhyve, arch x86_64. */
    public static String domainCapabilities(HostCapabilities caps, Path emulator) {
        boolean fbuf = caps.bhyve().has(BhyveCapability.FBUF);
        StringBuilder b = new StringBuilder(1024);
        b.append("<domainCapabilities>\n");
        b.append("  <path>").append(escape(emulator.toString())).append("</path>\n");
        b.append("  <domain>bhyve</domain>\n  <arch>x86_64</arch>\n");
        b.append("  <vcpu max='").append(MAX_VCPUS).append("'/>\n");
        b.append("  <os supported='yes'>\n");
        b.append("    <loader supported='").append(caps.bhyve().has(BhyveCapability.LPC_BOOTROM) ? "yes" : "no")
                .append("'>\n");
        for (Path f : firmwares(caps.bhyve().firmwareDir())) {
            b.append("      <value>").append(escape(f.toString())).append("</value>\n");
        }
        b.append("      <enum name='type'>\n        <value>pflash</value>\n      </enum>\n");
        b.append("      <enum name='readonly'>\n        <value>yes</value>\n      </enum>\n");
        b.append("    </loader>\n  </os>\n");
        b.append("  <devices>\n");
        b.append("    <disk supported='yes'>\n      <enum name='diskDevice'>\n        <value>disk</value>\n")
                .append("        <value>cdrom</value>\n      </enum>\n      <enum name='bus'>\n")
                .append("        <value>sata</value>\n        <value>virtio</value>\n      </enum>\n    </disk>\n");
        b.append("    <graphics supported='").append(fbuf ? "yes" : "no").append("'>\n");
        if (fbuf) {
            b.append("      <enum name='type'>\n        <value>vnc</value>\n      </enum>\n");
        }
        b.append("    </graphics>\n");
        b.append("    <video supported='").append(fbuf ? "yes" : "no").append("'>\n");
        if (fbuf) {
            b.append("      <enum name='modelType'>\n        <value>gop</value>\n      </enum>\n");
        }
        b.append("    </video>\n");
        b.append("  </devices>\n</domainCapabilities>\n");
        return b.toString();
    }

    private static List<Path> firmwares(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
