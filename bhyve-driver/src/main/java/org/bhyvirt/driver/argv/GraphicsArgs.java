package org.bhyvirt.driver.argv;

import java.util.List;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.GraphicsDef;
import org.bhyvirt.driver.domain.def.GraphicsListen;
import org.bhyvirt.driver.domain.def.GraphicsType;
import org.bhyvirt.driver.domain.def.PciAddress;
import org.bhyvirt.driver.domain.def.VideoDef;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * bhyve's framebuffer for one VNC graphics with one video:
 * {@code -s S:F,fbuf,tcp=ADDR:PORT[,password=PW][,w=X,h=Y][,vga=CONF]} at the video's address,
 * an IPv6 address in brackets. Nothing without both graphics and video. Refuses more than one of
 * either, graphics without a UEFI loader (or with LPC_BOOTROM missing), without FBUF, a port
 * outside 5900..65535, a password without VNC_PASSWORD or containing a comma, and, when
 * starting, an autoport graphics whose port the driver has not allocated yet.
 */
final class GraphicsArgs {

    private GraphicsArgs() {
    }

    static List<String> of(DomainDef def, BhyveCapabilities caps, BuildContext context) {
        List<GraphicsDef> graphics = def.devices().graphics();
        List<VideoDef> videos = def.devices().videos();
        if (graphics.isEmpty() || videos.isEmpty()) {
            return List.of();
        }
        if (graphics.size() != 1 || videos.size() != 1) {
            throw Refusal.unsupported("Multiple graphics devices are not supported");
        }
        return List.of("-s", fbuf(def, graphics.get(0), videos.get(0), caps, context));
    }

    private static String fbuf(DomainDef def, GraphicsDef graphics, VideoDef video, BhyveCapabilities caps,
                               BuildContext context) {
        if (!caps.has(BhyveCapability.LPC_BOOTROM) || def.os().bootloader() != null || def.os().loader() == null) {
            throw Refusal.unsupported("Graphics are only supported when booting using UEFI");
        }
        if (!caps.has(BhyveCapability.FBUF)) {
            throw Refusal.unsupported("Bhyve version does not support framebuffer");
        }
        if (graphics.type() != GraphicsType.VNC) {
            throw Refusal.unsupported("Only VNC supported");
        }
        if (graphics.listens().isEmpty()) {
            throw Refusal.internal("Missing listen element");
        }
        GraphicsListen listen = graphics.listens().get(0);
        PciAddress pci = Refusal.pci(video.address(), "video");
        StringBuilder opt = new StringBuilder(Refusal.slotFunction(pci)).append(",fbuf,tcp=");
        if (!graphics.autoport() && (graphics.port() < 5900 || graphics.port() > 65535)) {
            throw Refusal.unsupported("vnc port must be in range [5900,65535]");
        }
        if (listen.address() != null) {
            opt.append(listen.address().indexOf(':') >= 0 ? "[" + listen.address() + "]" : listen.address());
        }
        if (context.mode() == BuildMode.START && graphics.autoport() && graphics.port() < 5900) {
            throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR,
                    "VNC autoport: no port was allocated for the graphics of domain " + def.name());
        }
        opt.append(':').append(graphics.port());
        if (graphics.password() != null) {
            if (!caps.has(BhyveCapability.VNC_PASSWORD)) {
                throw Refusal.unsupported("VNC Password authentication not supported by bhyve");
            }
            if (graphics.password().indexOf(',') >= 0) {
                throw Refusal.unsupported("Password may not contain ',' character");
            }
            opt.append(",password=").append(graphics.password());
        }
        if (video.resolutionX() != null && video.resolutionY() != null) {
            opt.append(",w=").append(video.resolutionX()).append(",h=").append(video.resolutionY());
        }
        if (video.vgaConf() != null) {
            opt.append(",vga=").append(video.vgaConf().xmlName());
        }
        return opt.toString();
    }
}
