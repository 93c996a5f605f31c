/** What the commands are made of: the store reader, the progress displays, the demo's lifecycle. */
package dev.taskhost.samples.host.internal;
