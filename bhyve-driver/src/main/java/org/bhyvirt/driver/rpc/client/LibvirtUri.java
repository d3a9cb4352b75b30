package org.bhyvirt.driver.rpc.client;

import java.net.URI;
import java.net.URISyntaxException;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.server.RpcServerConfig;

/**
 * A remote libvirt URI as a client reads it: {@code DRIVER+tcp://HOST[:PORT]/PATH[?QUERY]} gives
 * the address to connect to (port 16509 by default) and the name sent in CONNECT_OPEN ({@code
 * DRIVER:///PATH}). Only plain TCP is spoken by this client; anything else is INVALID_ARG.
 */
public record LibvirtUri(String host, int port, String openName) {

    public static LibvirtUri parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "'" + text + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !scheme.endsWith("+tcp") || uri.getHost() == null) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "'" + text
                    + "' is not a plain TCP libvirt URI (DRIVER+tcp://HOST[:PORT]/system)");
        }
        String driver = scheme.substring(0, scheme.length() - "+tcp".length());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String name = (driver.equals("remote") ? "" : driver + "://" + path)
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new LibvirtUri(uri.getHost(), uri.getPort() < 0 ? RpcServerConfig.DEFAULT_TCP_PORT : uri.getPort(), name);
    }
}
