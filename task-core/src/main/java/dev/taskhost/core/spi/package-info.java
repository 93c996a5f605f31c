/**
 * The storage SPI: what a store implements so that {@link dev.taskhost.core.TaskHost} can keep
 * tasks in it. A store must be correct when several hosts share it: every state change is one
 * atomic statement or transaction in the store, guarded by the state it expects, and no
 * authoritative state lives only in a host's memory.
 */
package dev.taskhost.core.spi;
