package dev.taskhost.plugins.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the main attributes of a plugin JAR's manifest without loading any of its classes (R26).
 * Reads at most {@value #MAX_MANIFEST_BYTES} bytes, so that a huge (or highly compressed) manifest
 * cannot exhaust the host's memory.
 */
final class ManifestReader {
    /** The largest manifest accepted, in bytes. */
    static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private ManifestReader() {
    }

    static Attributes mainAttributes(Path jar) throws PluginLoadException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = manifestEntry(zip).orElseThrow(() -> new PluginLoadException(
                    "has no " + JarFile.MANIFEST_NAME + "; a plugin JAR's manifest names the plugin (R26)"));
            if (entry.getSize() > MAX_MANIFEST_BYTES) {
                throw tooLarge(entry.getSize() + " bytes");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw tooLarge("more than " + MAX_MANIFEST_BYTES + " bytes");
            }
            return parse(bytes);
        } catch (ZipException e) {
            throw new PluginLoadException("is not a readable JAR file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PluginLoadException("could not be read: " + Failures.describe(e), e);
        }
    }

    /** Like {@link JarFile}, accepts the manifest's name in any case. */
    private static Optional<? extends ZipEntry> manifestEntry(ZipFile zip) {
        ZipEntry exact = zip.getEntry(JarFile.MANIFEST_NAME);
        if (exact != null) {
            return Optional.of(exact);
        }
        return zip.stream().filter(e -> e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)).findFirst();
    }

    private static Attributes parse(byte[] bytes) throws PluginLoadException {
        try {
            return new Manifest(new ByteArrayInputStream(bytes)).getMainAttributes();
        } catch (IOException e) {
            throw new PluginLoadException("has a malformed " + JarFile.MANIFEST_NAME + " ("
                    + e.getMessage() + ") (R26)", e);
        }
    }

    private static PluginLoadException tooLarge(String size) {
        return new PluginLoadException("has a " + JarFile.MANIFEST_NAME + " of " + size
                + "; the limit is " + MAX_MANIFEST_BYTES + " bytes (R26)");
    }
}
