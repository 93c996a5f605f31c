package dev.taskhost.store.sqlite;

/**
 * What a committed change survives (R9). Both keep the database in write-ahead-log mode.
 */
public enum Durability {

    /**
     * {@code synchronous=NORMAL}: a committed change survives a crash of the process; a power loss
     * or an operating-system crash may lose the last commits, never the database. The default:
     * commits need no fsync, so enqueue and claim stay fast.
     */
    NORMAL,

    /**
     * {@code synchronous=FULL}: a committed change also survives a power loss, at the price of an
     * fsync of the log on every commit.
     */
    FULL
}
