/** The PostgreSQL store's implementation: its pool, its schema and migrations, its statements and its wake-ups. */
package dev.taskhost.store.postgres.internal;
