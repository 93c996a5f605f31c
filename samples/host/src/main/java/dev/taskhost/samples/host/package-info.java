/** The launcher's commands: {@code demo} and {@code inspect}. */
package dev.taskhost.samples.host;
