/** The library scan sample plugin: its queue, its worker, and the simulated library it scans. */
package dev.taskhost.samples.libraryscan;
