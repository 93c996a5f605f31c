package dev.taskhost.plugins;

import dev.taskhost.plugins.internal.JarTrust;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which plugin JARs a {@link PluginHost} agrees to load (R57). A JAR is checked before any of its
 * classes is loaded, on the host's own copy of it (so that what was checked is what runs); one that
 * fails is {@link PluginState#FAILED} with the reason. Immutable and thread-safe.
 *
 * <p>Trust decides which JARs may run, not what they may do once running: a trusted plugin is code in
 * the host's JVM (R30).
 */
public final class PluginTrust {
    private final JarTrust check;

    private PluginTrust(JarTrust check) {
        this.check = check;
    }

    /** Loads every JAR: the default. Whoever may write the plugins directory chooses the code the host runs. */
    public static PluginTrust any() {
        return new PluginTrust(JarTrust.any());
    }

    /**
     * Loads only the JARs whose SHA-256 digest (of the whole file, as {@code sha256sum} prints it) is
     * in the allowlist.
     *
     * @param hexDigests digests as 64 hex digits, either case
     * @throws NullPointerException if the set or a digest is null
     * @throws IllegalArgumentException if a digest is not 64 hex digits
     */
    public static PluginTrust sha256(Set<String> hexDigests) {
        Objects.requireNonNull(hexDigests, "hexDigests");
        hexDigests.forEach(digest -> Objects.requireNonNull(digest, "hexDigests holds null"));
        return new PluginTrust(JarTrust.sha256(hexDigests));
    }

    /**
     * Loads only the JARs whose every entry is signed (as {@code jarsigner} signs) by a certificate
     * of {@code trusted}, or by one that such a certificate issued: nothing unsigned, nothing changed
     * or added after signing. The certificates are read now; later changes to the key store do not
     * count. Neither expiry nor revocation is checked.
     *
     * @throws NullPointerException if {@code trusted} is null
     * @throws IllegalArgumentException if the key store holds no X.509 certificate, or cannot be read
     */
    public static PluginTrust signedBy(KeyStore trusted) {
        Objects.requireNonNull(trusted, "trusted");
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(trusted.aliases())) {
                Certificate certificate = trusted.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("PluginTrust.signedBy: the key store cannot be read: " + e.getMessage()
                    + " (R57)", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("PluginTrust.signedBy: the key store holds no X.509 certificate, "
                    + "so no JAR could be trusted (R57)");
        }
        return new PluginTrust(JarTrust.signedBy(certificates));
    }

    JarTrust check() {
        return check;
    }

    @Override
    public String toString() {
        return "PluginTrust[" + check.describe() + "]";
    }
}
