/**
 * The benchmark harness: scenarios that each run on a fresh data directory, the raw-SQLite limit
 * they are compared with, and the markdown report. See {@link dev.taskhost.bench.Bench}.
 */
package dev.taskhost.bench;
