package dev.taskhost.plugins.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a plugins directory or a plugin JAR may be written by users other than its owner:
 * whoever may write there may choose the code the host runs (R57). Checks POSIX permissions; on a
 * file system without them it says nothing.
 */
public final class WritableByOthers {
    private static final Logger LOG = LoggerFactory.getLogger(WritableByOthers.class);

    private WritableByOthers() {
    }

    /** Logs a warning if {@code path} (a "plugins directory" or a "plugin JAR", says {@code what}) is group- or world-writable. */
    public static void check(Path path, String what) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            LOG.debug("could not read the permissions of {} '{}'", what, path, e);
            return;
        }
        List<String> writers = new ArrayList<>();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            writers.add("its group");
        }
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            writers.add("every user");
        }
        if (!writers.isEmpty()) {
            LOG.warn("{} '{}' may be written by {} ({}): whoever can write it chooses the code this host runs; "
                    + "make it writable by its owner only, e.g. chmod go-w (R57)", what, path,
                    String.join(" and ", writers), java.nio.file.attribute.PosixFilePermissions.toString(permissions));
        }
    }
}
