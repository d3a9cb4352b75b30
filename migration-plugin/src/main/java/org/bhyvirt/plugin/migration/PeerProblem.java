package org.bhyvirt.plugin.migration;

/**
 * A problem document (RFC 9457) as a peer answers a refused request, read by {@link RemoteDestination}:
 * status, title, detail and libvirt's error number and name when the peer gave them.
 *
 * @param type             the problem type URI
 * @param title            short summary
 * @param status           the HTTP status
 * @param detail           what failed
 * @param libvirtError     libvirt's error number, or null
 * @param libvirtErrorName libvirt's error name, or null
 */
public record PeerProblem(String type, String title, int status, String detail, Integer libvirtError,
        String libvirtErrorName) {
}
