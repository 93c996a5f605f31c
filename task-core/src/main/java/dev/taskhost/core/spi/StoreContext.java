package dev.taskhost.core.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host tells a provider when it opens a store.
 *
 * @param dataDirectory where a file-based store keeps its files, if the host was given one
 */
public record StoreContext(Optional<Path> dataDirectory) {

    /** @throws NullPointerException if {@code dataDirectory} is null */
    public StoreContext {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }
}
