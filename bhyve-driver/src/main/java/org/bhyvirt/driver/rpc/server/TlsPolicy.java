package org.bhyvirt.driver.rpc.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * libvirtd's TLS rules on a JSSE listener: client certificates asked for (and required when
 * configured), and libvirt 9.0's client quirk worked around: a TLS 1.3 NewSessionTicket after the
 * handshake breaks its "TLS confirmation" read, and JSSE sends none when the server session
 * timeout exceeds 604800 s (the reference's verified fix). A client's subject DN is matched against
 * the allow-list as libvirtd's tls_allowed_dn_list does (shell wildcards).
 */
final class TlsPolicy {

    /** One second over a week: JSSE then issues no TLS 1.3 session ticket. */
    static final int NO_TICKET_SESSION_TIMEOUT = 604_801;

    private TlsPolicy() {
    }

    static void configure(SSLServerSocket s, RpcServerConfig.Tls tls) {
        tls.context().getServerSessionContext().setSessionTimeout(NO_TICKET_SESSION_TIMEOUT);
        s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (tls.requireClientCert()) {
            s.setNeedClientAuth(true);
        } else {
            s.setWantClientAuth(true);
        }
    }

    /** Refuses a client whose certificate's subject matches none of the allowed DNs. */
    static void checkAllowed(SSLSocket socket, RpcServerConfig.Tls tls) {
        String dn;
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            dn = ((X509Certificate) chain[0]).getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        } catch (SSLPeerUnverifiedException e) {
            throw new IllegalStateException("the client sent no certificate, and tls_allowed_dn_list requires one");
        }
        for (String pattern : tls.allowedDn()) {
            if (matches(pattern, dn)) {
                return;
            }
        }
        throw new IllegalStateException("client certificate DN '" + dn + "' is not in tls_allowed_dn_list");
    }

    /** Shell-style match ({@code *}, {@code ?}) of a DN, as libvirt's fnmatch check. */
    static boolean matches(String pattern, String dn) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(re.toString(), dn) || normalize(pattern).equals(normalize(dn));
    }

    private static String normalize(String dn) {
        return dn.replace(", ", ",").trim();
    }

}
