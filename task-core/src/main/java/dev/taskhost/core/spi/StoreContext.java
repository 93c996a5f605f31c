package dev.taskhost.core.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host tells a provider when it opens a store.
 *
 * @param dataDirectory where a file-based store keeps its files, if the host was given one
 * @param readOnly open to read only (a tool such as {@code inspect}, beside a running host or on a
 *     copy it may not write): the store takes no lock, migrates nothing, creates no file or owner,
 *     and every write method throws {@link dev.taskhost.api.TaskStoreException}
 */
public record StoreContext(Optional<Path> dataDirectory, boolean readOnly) {

    /** @throws NullPointerException if {@code dataDirectory} is null */
    public StoreContext {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** The context of a host: read and write. */
    public StoreContext(Optional<Path> dataDirectory) {
        this(dataDirectory, false);
    }
}
