package dev.taskhost.plugins.internal;

import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scan of the plugins directory at a fixed interval on a daemon thread of its own, until
 * stopped (R55). Polling, not a file-system watch service: a JAR written in place has to be looked
 * at again until it is complete anyway, and polling behaves the same on every file system.
 */
public final class DirectoryWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Object signal = new Object();
    private final Thread thread;
    private boolean stopped; // guarded by signal

    private DirectoryWatcher(Path directory, Duration interval, Runnable scan) {
        this.thread = new Thread(() -> run(directory, interval, scan), "taskhost-plugin-watcher");
        thread.setDaemon(true);
    }

    /** Starts scanning; the first scan runs one interval from now. */
    public static DirectoryWatcher start(Path directory, Duration interval, Runnable scan) {
        DirectoryWatcher watcher = new DirectoryWatcher(directory, interval, scan);
        watcher.thread.start();
        return watcher;
    }

    /** Stops scanning; waits for a scan under way to end. */
    public void stop() {
        synchronized (signal) {
            stopped = true;
            signal.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Path directory, Duration interval, Runnable scan) {
        long millis = Math.max(1, interval.toMillis());
        while (true) {
            synchronized (signal) {
                long deadline = System.nanoTime() + millis * 1_000_000L;
                for (long left = millis; !stopped && left > 0; left = (deadline - System.nanoTime()) / 1_000_000L) {
                    try {
                        signal.wait(left);
                    } catch (InterruptedException e) {
                        // Only stop() ends this thread; it does not interrupt it.
                        LOG.debug("plugin watcher interrupted; it stops only when its host closes");
                    }
                }
                if (stopped) {
                    return;
                }
            }
            try {
                scan.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("scanning the plugins directory {} failed; trying again in {}", directory, interval, e);
            }
        }
    }
}
