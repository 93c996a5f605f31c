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
 * decision. The file is opened per read, so no descriptor stays open.
 */
final class WalIndex {

    private static final int MAX_FRAME_OFFSET = 16;
    private static final int BACKFILL_OFFSET = 96;

    private WalIndex() {
    }

    /** @return the frames not yet copied, or empty if the index cannot be read (then checkpoint as before) */
    static OptionalInt uncopiedFrames(Path database) {
        Path index = database.resolveSibling(database.getFileName() + "-shm");
        ByteBuffer header = ByteBuffer.allocate(BACKFILL_OFFSET + Integer.BYTES).order(ByteOrder.nativeOrder());
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.READ)) {
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    return OptionalInt.empty();
                }
            }
        } catch (IOException e) {
            return OptionalInt.empty();
        }
        long frames = Integer.toUnsignedLong(header.getInt(MAX_FRAME_OFFSET));
        long copied = Integer.toUnsignedLong(header.getInt(BACKFILL_OFFSET));
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Math.max(0, frames - copied)));
    }
}
