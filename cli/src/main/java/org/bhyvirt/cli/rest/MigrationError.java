package org.bhyvirt.cli.rest;

/** Why a migration did not complete: libvirt's error number and name, the host's message and the phase it failed in. */
public record MigrationError(int libvirtError, String libvirtErrorName, String message, String phase) {
}
