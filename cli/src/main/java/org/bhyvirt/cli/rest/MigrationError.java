package org.bhyvirt.cli.rest;

/** Why a migration failed: libvirt's error number, the host's message and the phase it failed in. */
public record MigrationError(int libvirtError, String message, String phase) {
}
