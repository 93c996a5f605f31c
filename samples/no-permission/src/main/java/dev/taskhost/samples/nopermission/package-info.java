/** A plugin that asks for task queues without the permission to use them. */
package dev.taskhost.samples.nopermission;
