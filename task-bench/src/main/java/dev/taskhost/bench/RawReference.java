package dev.taskhost.bench;

/**
 * The raw-SQLite limit of one run on both tables.
 *
 * @param plain on the plain jobs table a user would write: the reference every host figure is set beside
 * @param storeSchema on the store's own schema, shown beside the reference
 */
record RawReference(RawResult plain, RawResult storeSchema) {

    /** The better of two measurements, table by table and step by step (see {@link RawResult#better}). */
    RawReference better(RawReference other) {
        return new RawReference(plain.better(other.plain), storeSchema.better(other.storeSchema));
    }
}
