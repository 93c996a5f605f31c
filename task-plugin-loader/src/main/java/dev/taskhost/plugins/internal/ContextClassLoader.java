package dev.taskhost.plugins.internal;

import java.util.concurrent.Callable;

/** Runs plugin code with the plugin's class loader as the thread's context class loader, then restores it. */
final class ContextClassLoader {

    /** Plugin code that may throw anything. */
    @FunctionalInterface
    interface PluginAction {
        void run() throws Exception;
    }

    private ContextClassLoader() {
    }

    static void run(ClassLoader loader, PluginAction action) throws Exception {
        call(loader, () -> {
            action.run();
            return null;
        });
    }

    static <T> T call(ClassLoader loader, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            // Never leave a plugin's loader on a host thread: it would keep a closed plugin in memory.
            thread.setContextClassLoader(before);
        }
    }
}
