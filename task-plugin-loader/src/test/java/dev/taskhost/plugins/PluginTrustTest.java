package dev.taskhost.plugins;

import static dev.taskhost.plugins.Testbed.plugin;
import static dev.taskhost.plugins.TestPluginJars.explicit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.taskhost.plugins.internal.JarTrust;
import dev.taskhost.plugins.internal.WritableByOthers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Which JARs a host agrees to load (R57), with JARs signed during the test by the JDK's
 * {@code jarsigner}, with keys {@code keytool} made for it. Every rejected JAR is of the
 * {@code probe.staticinit} plugin, whose class reports when it is initialised: a rejection must
 * come before any of its classes is loaded.
 */
class PluginTrustTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path keys;
    private static Path trustedSigner;
    private static Path otherSigner;
    private static Path unsigned;
    private static Path signedByTrusted;
    private static Path signedByOther;

    @TempDir
    Path root;
    private Testbed bed;

    @BeforeAll
    static void makeKeysAndSignJars() throws Exception {
        trustedSigner = keyPair("trusted", "CN=Trusted Plugin Publisher");
        otherSigner = keyPair("other", "CN=Someone Else");
        unsigned = explicit("probe.staticinit").writeTo(keys, "unsigned.jar");
        signedByTrusted = sign(unsigned, trustedSigner, "trusted", "signed-trusted.jar");
        signedByOther = sign(unsigned, otherSigner, "other", "signed-other.jar");
    }

    @BeforeEach
    void openTestbed() {
        bed = new Testbed(root);
    }

    @AfterEach
    void closeTestbed() {
        bed.close();
    }

    @Test
    void r57_anAllowlistedDigestLoads() throws Exception {
        Files.copy(unsigned, bed.plugins.resolve("allowed.jar"));
        String digest = JarTrust.sha256Of(unsigned).toUpperCase(Locale.ROOT);

        PluginHost host = start(PluginTrust.sha256(Set.of(digest)));

        assertEquals(PluginState.STARTED, plugin(host, "allowed").state(), () -> plugin(host, "allowed").error().orElse(""));
    }

    @Test
    void r57_aDigestNotInTheAllowlistFailsBeforeAnyClassLoads() throws Exception {
        Files.copy(unsigned, bed.plugins.resolve("not-allowed.jar"));
        String otherDigest = JarTrust.sha256Of(signedByTrusted);

        PluginHost host = start(PluginTrust.sha256(Set.of(otherDigest)));

        assertRejected(host, "not-allowed", "SHA-256 digest " + JarTrust.sha256Of(unsigned), "not in the allowlist");
    }

    @Test
    void r57_aJarSignedByATrustedKeyLoads() throws Exception {
        Files.copy(signedByTrusted, bed.plugins.resolve("trusted-signed.jar"));

        PluginHost host = start(PluginTrust.signedBy(trustStore(trustedSigner, "trusted")));

        assertEquals(PluginState.STARTED, plugin(host, "trusted-signed").state(),
                () -> plugin(host, "trusted-signed").error().orElse(""));
    }

    @Test
    void r57_aJarSignedByAnotherKeyFailsBeforeAnyClassLoads() throws Exception {
        Files.copy(signedByOther, bed.plugins.resolve("other-signed.jar"));

        PluginHost host = start(PluginTrust.signedBy(trustStore(trustedSigner, "trusted")));

        assertRejected(host, "other-signed", "CN=Someone Else", "none of which is in the trusted key store");
    }

    @Test
    void r57_anUnsignedJarFailsBeforeAnyClassLoads() throws Exception {
        Files.copy(unsigned, bed.plugins.resolve("not-signed.jar"));

        PluginHost host = start(PluginTrust.signedBy(trustStore(trustedSigner, "trusted")));

        assertRejected(host, "not-signed", "is not signed");
    }

    @Test
    void r57_aJarChangedAfterSigningFailsBeforeAnyClassLoads() throws Exception {
        String changed = "probe/staticinit/StaticInitPlugin.class";
        rewrite(signedByTrusted, bed.plugins.resolve("tampered.jar"), changed, Optional.empty());

        PluginHost host = start(PluginTrust.signedBy(trustStore(trustedSigner, "trusted")));

        assertRejected(host, "tampered", "'" + changed + "'", "changed after signing");
    }

    @Test
    void r57_aJarWithAnEntryAddedAfterSigningFailsBeforeAnyClassLoads() throws Exception {
        rewrite(signedByTrusted, bed.plugins.resolve("partly-signed.jar"), "", Optional.of("probe/staticinit/Extra.class"));

        PluginHost host = start(PluginTrust.signedBy(trustStore(trustedSigner, "trusted")));

        assertRejected(host, "partly-signed", "'probe/staticinit/Extra.class'", "is not signed");
    }

    @Test
    void r57_aKeyStoreWithoutCertificatesOrABadDigestIsRefusedWhenTheTrustIsMade() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PluginTrust.signedBy(empty)).getMessage()
                .contains("no X.509 certificate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PluginTrust.sha256(Set.of("abc123")))
                .getMessage().contains("'abc123'"));
    }

    @Test
    void r57_aPluginsDirectoryOrJarOthersMayWriteIsReportedInTheLog() throws Exception {
        Path jar = Files.copy(unsigned, bed.plugins.resolve("shared.jar"));
        Files.setPosixFilePermissions(bed.plugins, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-r--"));
        ListAppender<ILoggingEvent> log = logWhile(() -> start(PluginTrust.any()));
        List<String> warnings = new ArrayList<>();
        log.list.forEach(event -> warnings.add(event.getLevel() + " " + event.getFormattedMessage()));
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("WARN plugins directory '" + bed.plugins + "' may be written by its group "
                + "and every user"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("WARN plugin JAR '" + jar + "' may be written by its group ("), warnings.get(1));
    }

    @Test
    void r57_aDirectoryOnlyItsOwnerMayWriteIsNotReported() throws Exception {
        Path jar = Files.copy(unsigned, bed.plugins.resolve("private.jar"));
        Files.setPosixFilePermissions(bed.plugins, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        ListAppender<ILoggingEvent> log = logWhile(() -> start(PluginTrust.any()));
        assertEquals(List.of(), log.list);
    }

    /** What {@link WritableByOthers} logs while {@code action} runs, at WARN and above. */
    private static ListAppender<ILoggingEvent> logWhile(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(WritableByOthers.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        logger.setLevel(Level.WARN);
        logger.setAdditive(false);
        try {
            action.run();
        } finally {
            logger.detachAppender(log);
            logger.setLevel(null);
            logger.setAdditive(true);
        }
        return log;
    }

    private PluginHost start(PluginTrust trust) {
        return bed.startPlugins(id -> java.util.Map.of(), builder -> builder.trust(trust));
    }

    private static void assertRejected(PluginHost host, String id, String... reasons) {
        LoadedPlugin rejected = plugin(host, id);
        assertEquals(PluginState.FAILED, rejected.state());
        String error = rejected.error().orElseThrow();
        assertTrue(error.startsWith("plugin JAR '" + id + ".jar' is not trusted"), error);
        for (String reason : reasons) {
            assertTrue(error.contains(reason), () -> "'" + reason + "' missing from: " + error);
        }
        assertTrue(error.endsWith("(R57)"), error);
        assertEquals(null, System.getProperty("taskhost.test.initialised." + id + ".jar"),
                "a class of the rejected JAR was initialised");
    }

    /** A PKCS12 key store with one new EC key pair, made by keytool. */
    private static Path keyPair(String alias, String name) throws Exception {
        Path store = keys.resolve(alias + ".p12");
        run(tool("keytool"), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", name, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return store;
    }

    private static Path sign(Path jar, Path store, String alias, String signedName) throws Exception {
        Path signed = keys.resolve(signedName);
        run(tool("jarsigner"), "-keystore", store.toString(), "-storepass", PASSWORD, "-signedjar", signed.toString(),
                jar.toString(), alias);
        return signed;
    }

    /** A key store holding only the signer's certificate, as an operator's trust store would. */
    private static KeyStore trustStore(Path signerStore, String alias) throws Exception {
        KeyStore signer = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(signerStore)) {
            signer.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(alias, signer.getCertificate(alias));
        return trusted;
    }

    /** Copies a JAR entry by entry, flipping a byte of entry {@code change} and adding entry {@code add}. */
    private static void rewrite(Path from, Path to, String change, Optional<String> add) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals(change)) {
                    bytes[bytes.length - 1] ^= 1;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
            if (add.isPresent()) {
                out.putNextEntry(new ZipEntry(add.get()));
                out.write("added after signing".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] output;
        try (InputStream stdout = process.getInputStream()) {
            output = stdout.readAllBytes();
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
