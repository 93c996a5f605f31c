/**
 * The embedded default store: {@link dev.taskhost.store.sqlite.SqliteTaskStoreProvider} keeps each
 * owner's queues and tasks in its own SQLite database, {@code <data directory>/<owner>/tasks.db}.
 */
package dev.taskhost.store.sqlite;
