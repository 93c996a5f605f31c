/**
 * The store for many hosts: {@link dev.taskhost.store.postgres.PostgresTaskStoreProvider} keeps every
 * owner's queues and tasks in one PostgreSQL schema that any number of hosts share (R35).
 */
package dev.taskhost.store.postgres;
