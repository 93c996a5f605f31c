package dev.taskhost.store.sqlite.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * How many frames of a database's write-ahead log no checkpoint has copied yet, read from the
 * header of its wal-index (the {@code -shm} file; layout in SQLite's "WAL-mode File Format":
 * {@code mxFrame} at byte 16, {@code nBackfill} at byte 96, native byte order). Reading it takes no
 * lock and writes nothing, so the maintenance thread can look at every database in use each turn and
 * checkpoint only those whose log grew; a copy torn by a concurrent commit only shifts one such
 * decision.
 *
 * <p>The descriptor is opened at the first read and kept until {@link #close()}, which the owner
 * calls only once none of its connections is open: closing any descriptor of a file drops every
 * POSIX lock the process holds on it, and SQLite's locks on the wal-index tell other processes that
 * it is in use. A process that opened the database without them would take itself for its only user,
 * rebuild the index under the host's connection, and cut the file the host has mapped (the host then
 * dies of a bus error). Not thread-safe: the owner guards it.
 */
final class WalIndex implements AutoCloseable {

    private static final int MAX_FRAME_OFFSET = 16;
    private static final int BACKFILL_OFFSET = 96;

    private final Path index;
    private FileChannel channel;

    WalIndex(Path database) {
        this.index = database.resolveSibling(database.getFileName() + "-shm");
    }

    /** @return the frames not yet copied, or empty if the index cannot be read (then checkpoint as before) */
    OptionalInt uncopiedFrames() {
        ByteBuffer header = ByteBuffer.allocate(BACKFILL_OFFSET + Integer.BYTES).order(ByteOrder.nativeOrder());
        try {
            if (channel == null) {
                channel = FileChannel.open(index, StandardOpenOption.READ);
            }
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    return OptionalInt.empty();
                }
            }
        } catch (IOException e) {
            return OptionalInt.empty(); // a descriptor that failed to read stays open, for the reason above
        }
        long frames = Integer.toUnsignedLong(header.getInt(MAX_FRAME_OFFSET));
        long copied = Integer.toUnsignedLong(header.getInt(BACKFILL_OFFSET));
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Math.max(0, frames - copied)));
    }

    /** Whether a descriptor is open now; for tests. */
    boolean isOpen() {
        return channel != null;
    }

    /** Closes the descriptor; only once no connection of the database is open (see the class comment). */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel open = channel;
            channel = null;
            open.close();
        }
    }
}
