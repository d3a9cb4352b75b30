package org.bhyvirt.plugin.rest;

import java.util.Objects;

/** A domain's state and the reason for it, libvirt's names in lower case ({@code paused}, {@code user}). */
public record DomainStateView(String state, String reason) {
    public DomainStateView {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
