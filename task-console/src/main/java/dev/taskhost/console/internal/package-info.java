/** The console's implementation: routes, sign-in, pages and JSON. Not exported. */
package dev.taskhost.console.internal;
