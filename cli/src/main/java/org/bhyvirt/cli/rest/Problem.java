package org.bhyvirt.cli.rest;

/**
 * An RFC 9457 problem document as the plugin sends it: type, title, HTTP status, detail, and
 * libvirt's error number and name ({@code 0} and empty when the document carries none).
 */
public record Problem(String type, String title, int status, String detail, int libvirtError, String libvirtErrorName) {

    /** One line for a person: the detail (or title) and the libvirt error, e.g. {@code "no domain 'x' (libvirt error 42 NO_DOMAIN)"}. */
    public String describe() {
        String what = detail.isEmpty() ? title : detail;
        return libvirtError == 0 ? what : what + " (libvirt error " + libvirtError + " " + libvirtErrorName + ")";
    }
}
