package dev.taskhost.plugins.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * Decides whether a plugin JAR may be loaded at all (R57), from its bytes alone: no class of it is
 * loaded. Immutable and thread-safe.
 */
public final class JarTrust {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** The files of a JAR signature itself, which the signature cannot cover. */
    private static final Pattern SIGNATURE_FILE = Pattern.compile(
            "META-INF/(MANIFEST\\.MF|[^/]+\\.(SF|DSA|RSA|EC)|SIG-[^/]+)", Pattern.CASE_INSENSITIVE);

    private enum Kind { ANY, SHA256, SIGNED_BY }

    private final Kind kind;
    private final Set<String> digests;
    private final List<X509Certificate> trusted;

    private JarTrust(Kind kind, Set<String> digests, List<X509Certificate> trusted) {
        this.kind = kind;
        this.digests = digests;
        this.trusted = trusted;
    }

    /** Trusts every JAR. */
    public static JarTrust any() {
        return new JarTrust(Kind.ANY, Set.of(), List.of());
    }

    /**
     * Trusts the JARs whose SHA-256 digest is one of {@code hexDigests} (hex, either case).
     *
     * @throws IllegalArgumentException if a digest is not 64 hex digits
     */
    public static JarTrust sha256(Set<String> hexDigests) {
        Set<String> normalized = new java.util.TreeSet<>();
        for (String digest : hexDigests) {
            String lower = digest.strip().toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(lower).matches()) {
                throw new IllegalArgumentException("PluginTrust.sha256: '" + digest
                        + "' is not a SHA-256 digest in hex (64 hex digits) (R57)");
            }
            normalized.add(lower);
        }
        return new JarTrust(Kind.SHA256, Set.copyOf(normalized), List.of());
    }

    /** Trusts the JARs whose every entry is signed by one of {@code certificates} (or a CA among them). */
    public static JarTrust signedBy(List<X509Certificate> certificates) {
        return new JarTrust(Kind.SIGNED_BY, Set.of(), List.copyOf(certificates));
    }

    /** What this policy checks, for the log. */
    public String describe() {
        return switch (kind) {
            case ANY -> "any JAR";
            case SHA256 -> "JARs whose SHA-256 digest is one of " + digests.size() + " allowed";
            case SIGNED_BY -> "JARs signed in full by one of " + trusted.size() + " trusted certificates";
        };
    }

    /** The JAR's SHA-256 digest in lower-case hex. */
    public static String sha256Of(Path jar) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @throws PluginLoadException if the policy does not trust the JAR, saying why */
    void verify(Path jar) throws PluginLoadException {
        switch (kind) {
            case ANY -> { }
            case SHA256 -> verifyDigest(jar);
            case SIGNED_BY -> verifySignatures(jar);
            default -> throw new AssertionError(kind);
        }
    }

    private void verifyDigest(Path jar) throws PluginLoadException {
        String actual;
        try {
            actual = sha256Of(jar);
        } catch (IOException e) {
            throw new PluginLoadException("could not be read to check its digest: " + Failures.describe(e), e);
        }
        if (!digests.contains(actual)) {
            throw new PluginLoadException("is not trusted: its SHA-256 digest " + actual
                    + " is not in the allowlist of PluginTrust.sha256 (R57)");
        }
    }

    private void verifySignatures(Path jar) throws PluginLoadException {
        int signed = 0;
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            byte[] buffer = new byte[16 * 1024];
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                // Reading an entry to its end checks its digest against the signed manifest.
                try (InputStream in = file.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // only the check matters
                    }
                } catch (SecurityException e) {
                    throw new PluginLoadException("is not trusted: entry '" + entry.getName()
                            + "' was changed after signing (" + e.getMessage() + ") (R57)", e);
                }
                if (entry.isDirectory() || SIGNATURE_FILE.matcher(entry.getName()).matches()) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw new PluginLoadException("is not trusted: entry '" + entry.getName()
                            + "' is not signed (unsigned, or added after signing) (R57)");
                }
                if (!signedByTrusted(signers)) {
                    throw new PluginLoadException("is not trusted: entry '" + entry.getName() + "' is signed by "
                            + subjects(signers) + ", none of which is in the trusted key store (R57)");
                }
                signed++;
            }
        } catch (SecurityException e) {
            throw new PluginLoadException("is not trusted: its signature does not verify (" + e.getMessage()
                    + ") (R57)", e);
        } catch (IOException e) {
            throw new PluginLoadException("could not be read to check its signature: " + Failures.describe(e), e);
        }
        if (signed == 0) {
            throw new PluginLoadException("is not trusted: it has no signed entry (R57)");
        }
    }

    /**
     * Whether some signer's certificate path reaches a trusted certificate. The path past the
     * signer's own certificate is only what the JAR claims, so each link up to the trusted one is
     * checked: a JAR cannot borrow a trusted name by listing its certificate.
     */
    private boolean signedByTrusted(CodeSigner[] signers) {
        for (CodeSigner signer : signers) {
            List<? extends Certificate> path = signer.getSignerCertPath().getCertificates();
            for (int i = 0; i < path.size(); i++) {
                if (trusted.contains(path.get(i))) {
                    return true;
                }
                if (i + 1 < path.size() && !issued(path.get(i + 1), path.get(i))) {
                    break;
                }
            }
        }
        return false;
    }

    private static boolean issued(Certificate issuer, Certificate subject) {
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String subjects(CodeSigner[] signers) {
        List<String> names = new ArrayList<>();
        for (CodeSigner signer : signers) {
            Certificate first = signer.getSignerCertPath().getCertificates().get(0);
            names.add(first instanceof X509Certificate x509 ? "'" + x509.getSubjectX500Principal().getName() + "'"
                    : first.getType());
        }
        return String.join(", ", names);
    }
}
