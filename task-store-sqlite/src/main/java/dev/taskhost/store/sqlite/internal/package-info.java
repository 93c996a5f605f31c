/** The SQLite store's implementation: owner databases, their schema, and the statements on them. */
package dev.taskhost.store.sqlite.internal;
