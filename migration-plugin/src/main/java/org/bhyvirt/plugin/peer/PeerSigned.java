package org.bhyvirt.plugin.peer;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the JAX-RS resources only other hosts call: {@link PeerAuthFilter} checks their requests'
 * signatures; no other resource is touched by it.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PeerSigned {
}
