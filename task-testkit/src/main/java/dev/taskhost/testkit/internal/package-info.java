/** The fake task service's in-memory state and attempt runner; not exported. */
package dev.taskhost.testkit.internal;
