package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * A {@code <graphics type='vnc'>}: bhyve's framebuffer served over VNC.
 *
 * @param type      vnc
 * @param port      the VNC port, 0 when autoport chooses it at start
 * @param autoport  whether the port is chosen at start (5900..65535)
 * @param websocket the websocket port, null when absent
 * @param password  the VNC password, null when absent
 * @param listens   the listen elements, in order
 */
public record GraphicsDef(
        @NotNull GraphicsType type,
        @Min(0) @Max(65535) int port,
        boolean autoport,
        @Min(-1) @Max(65535) Integer websocket,
        String password,
        @NotNull List<@Valid @NotNull GraphicsListen> listens) {

    public GraphicsDef {
        listens = List.copyOf(listens);
    }
}
