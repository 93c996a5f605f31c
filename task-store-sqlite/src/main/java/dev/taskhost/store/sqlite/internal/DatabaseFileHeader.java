package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The first 100 bytes of a SQLite database file, read with plain file I/O so that a file can be
 * judged before SQLite opens it: SQLite would create {@code -wal} and {@code -shm} files beside it,
 * and switching it to write-ahead logging rewrites its header (R23).
 *
 * @param userVersion the schema version ({@code PRAGMA user_version}, bytes 60..63)
 * @param applicationId the application id ({@code PRAGMA application_id}, bytes 68..71)
 */
record DatabaseFileHeader(int userVersion, int applicationId) {

    /** What every SQLite 3 database file starts with. */
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    static final int SIZE = 100;
    private static final int USER_VERSION_OFFSET = 60;
    private static final int APPLICATION_ID_OFFSET = 68;

    /**
     * Reads the header of {@code file}.
     *
     * @param where the database, as error messages name it
     * @return empty if the file is absent or empty, which SQLite turns into a new database
     * @throws TaskStoreException if the file cannot be read, or has content that is not a SQLite
     *     database
     */
    static Optional<DatabaseFileHeader> read(Path file, String where) {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(SIZE);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new TaskStoreException(where + ": cannot read the file: " + e, e);
        }
        if (header.length == 0) {
            return Optional.empty();
        }
        if (header.length < SIZE || !Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new TaskStoreException(where + " is not a SQLite database (it does not start with the "
                    + "header 'SQLite format 3'); it was left untouched. Move it away to start afresh (R23)");
        }
        ByteBuffer bytes = ByteBuffer.wrap(header); // big-endian, as SQLite writes them
        return Optional.of(new DatabaseFileHeader(bytes.getInt(USER_VERSION_OFFSET),
                bytes.getInt(APPLICATION_ID_OFFSET)));
    }
}
