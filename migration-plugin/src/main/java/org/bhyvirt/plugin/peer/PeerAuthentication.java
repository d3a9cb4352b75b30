package org.bhyvirt.plugin.peer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bhyvirt.plugin.host.PluginHost;

/**
 * This host's side of the shared secret ({@code bhyvirt.peer.secret-file}), read once on first use:
 * the {@link PeerVerifier} of incoming peer requests and, when a secret is configured, the
 * {@link PeerSigner} of outgoing ones. No file configured, or one that cannot be read or is too
 * short: the verifier refuses every request and no signer exists (the reason is logged once).
 */
@ApplicationScoped
public class PeerAuthentication {
    private static final Logger LOG = Logger.getLogger(PeerAuthentication.class.getName());

    @Inject
    PluginHost host;

    private volatile Optional<PeerSecret> secret;
    private volatile PeerVerifier verifier;

    /** The verifier of incoming peer requests. */
    public PeerVerifier verifier() {
        PeerVerifier v = verifier;
        if (v != null) {
            return v;
        }
        load();
        return verifier;
    }

    /** The signer of outgoing peer requests, empty when this host has no (usable) secret. */
    public Optional<PeerSigner> signer() {
        load();
        return secret.map(s -> new PeerSigner(s, Clock.systemUTC()));
    }

    private synchronized void load() {
        if (verifier != null) {
            return;
        }
        Optional<Path> file = host.config().peerSecretFile();
        Optional<PeerSecret> read = Optional.empty();
        if (file.isEmpty()) {
            LOG.info("no bhyvirt.peer.secret-file: the peer API refuses every request and no migration can leave");
        } else {
            try {
                read = Optional.of(PeerSecret.read(file.get()));
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.SEVERE, "the peer secret is unusable, the peer API refuses every request: " + e.getMessage());
            }
        }
        secret = read;
        verifier = PeerVerifier.withDefaults(read, Clock.systemUTC());
    }
}
