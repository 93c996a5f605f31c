package dev.taskhost.testkit.internal;

/**
 * One attempt's link to the thread that runs it, so that {@code cancel(id, true)} can interrupt it
 * (R47) without ever interrupting a thread once the attempt has ended. Thread-safe.
 */
public final class RunControl {
    private Thread thread;
    private boolean ended;
    private boolean cancelled;

    /** The attempt runs on {@code runner} from now on. */
    synchronized void begin(Thread runner) {
        this.thread = runner;
    }

    /** The task was cancelled while running: interrupts the attempt's thread if it still runs it. */
    synchronized void cancel() {
        cancelled = true;
        if (!ended && thread != null) {
            thread.interrupt();
        }
    }

    /**
     * The attempt ended; no interrupt reaches its thread after this.
     *
     * @return whether it was cancelled, so that an interrupt it caused is cleared from the thread
     */
    synchronized boolean end() {
        ended = true;
        return cancelled;
    }
}
