/** Fire times of {@link dev.taskhost.api.Schedule}s (R50 to R54), and their stored form. */
package dev.taskhost.schedule;
