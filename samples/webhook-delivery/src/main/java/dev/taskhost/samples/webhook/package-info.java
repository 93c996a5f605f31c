/** The webhook delivery sample plugin: its queue, its worker, and the simulated endpoint it talks to. */
package dev.taskhost.samples.webhook;
