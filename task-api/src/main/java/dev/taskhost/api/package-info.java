/** Task queues as one owner sees them: {@link dev.taskhost.api.TaskService} and its values and exceptions. */
package dev.taskhost.api;
