/** Entry points of the child JVMs that the integration tests start, and kill. */
package dev.taskhost.integration;
