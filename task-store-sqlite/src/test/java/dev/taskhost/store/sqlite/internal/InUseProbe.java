package dev.taskhost.store.sqlite.internal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in another process: asks SQLite's own locks whether a process has the database open, as a
 * second process opening it would. Prints one line per file, {@code <file>: in use},
 * {@code <file>: free} or {@code <file>: absent}.
 *
 * <p>Locks, from SQLite's {@code os_unix.c}: a connection in WAL mode holds a shared lock on the
 * database file's shared range (bytes 1,073,741,826 on, 510 of them) and on the wal-index's
 * dead-man switch (byte 128) while it is open. A process that can lock either exclusively takes
 * itself for the only user: of the index, it rebuilds it and cuts the file.
 */
public final class InUseProbe {

    private static final long SHARED_FIRST = 0x40000000L + 2;
    private static final long SHARED_SIZE = 510;
    private static final long INDEX_DEAD_MAN_SWITCH = 128;

    private InUseProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path database = Path.of(args[0]);
        probe("database", database, SHARED_FIRST, SHARED_SIZE);
        probe("wal-index", database.resolveSibling(database.getFileName() + "-shm"), INDEX_DEAD_MAN_SWITCH, 1);
    }

    private static void probe(String name, Path file, long position, long size) throws Exception {
        if (!Files.exists(file)) {
            System.out.println(name + ": absent");
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(position, size, false);
            System.out.println(name + (lock == null ? ": in use" : ": free"));
            if (lock != null) {
                lock.release();
            }
        }
    }
}
