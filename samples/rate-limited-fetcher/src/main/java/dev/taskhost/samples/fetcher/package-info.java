/** The rate-limited fetcher sample plugin: its queue, its worker, and the simulated API it calls. */
package dev.taskhost.samples.fetcher;
