package dev.taskhost.testkit.internal;

import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskWorker;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one attempt of a task and turns whatever the worker did into an {@link AttemptResult}.
 * Anything the worker throws, {@link Error}s included, only fails the attempt (R24).
 */
public final class AttemptRunner {

    private AttemptRunner() {
    }

    /**
     * Runs the attempt on the calling thread, or, when {@code claim} has a timeout, on a thread of
     * its own that is interrupted once the timeout has passed in real time (R15).
     *
     * <p>If the worker throws {@link InterruptedException} on the calling thread, the attempt fails
     * and the thread's interrupt status is set again: the interrupt was meant for the caller.
     */
    public static AttemptResult run(TaskWorker worker, Claim claim) {
        return claim.timeout().isZero() ? runHere(worker, claim) : runWithTimeout(worker, claim);
    }

    private static AttemptResult runHere(TaskWorker worker, Claim claim) {
        claim.control().begin(Thread.currentThread());
        AttemptResult result;
        boolean interruptedWorker = false;
        try {
            result = new AttemptResult.Completed(TaskLimits.resultMessage(worker.execute(claim.task())));
        } catch (InterruptedException e) {
            interruptedWorker = true;
            result = failed(e);
        } catch (Throwable e) { // R24: Errors fail the attempt, not the caller
            result = failed(e);
        }
        if (claim.control().end()) {
            Thread.interrupted(); // R47: that interrupt was the cancel's, meant for this attempt only
        } else if (interruptedWorker) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /** R46: a {@link NonRetryableException} fails the task at once. */
    private static AttemptResult.Failed failed(Throwable failure) {
        return new AttemptResult.Failed(TaskLimits.failureMessage(failure), !(failure instanceof NonRetryableException));
    }

    private static AttemptResult runWithTimeout(TaskWorker worker, Claim claim) {
        Task task = claim.task();
        FutureTask<String> attempt = new FutureTask<>(() -> worker.execute(task));
        Thread thread = new Thread(attempt, "fake-task-" + task.queueName() + "-" + task.taskId());
        thread.setDaemon(true);
        claim.control().begin(thread);
        thread.start();
        try {
            return outcomeOf(attempt, claim.timeout());
        } catch (TimeoutException e) {
            // A worker that finished just as the timeout fired keeps its result.
            return attempt.cancel(true) ? new AttemptResult.Failed(timedOut(claim)) : finishedOutcome(attempt);
        } catch (InterruptedException e) {
            attempt.cancel(true);
            Thread.currentThread().interrupt();
            return new AttemptResult.Abandoned();
        }
    }

    private static AttemptResult outcomeOf(FutureTask<String> attempt, Duration timeout)
            throws TimeoutException, InterruptedException {
        try {
            return new AttemptResult.Completed(
                    TaskLimits.resultMessage(attempt.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS)));
        } catch (ExecutionException e) {
            return failed(e.getCause());
        }
    }

    /** The timeout in nanoseconds; one too long for a long waits as long as a long allows. */
    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** The outcome of an attempt that is done, so that waiting for it does not block. */
    private static AttemptResult finishedOutcome(FutureTask<String> attempt) {
        try {
            return outcomeOf(attempt, Duration.ofMinutes(1));
        } catch (TimeoutException e) {
            throw new IllegalStateException("an attempt that could not be cancelled was not done", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AttemptResult.Abandoned();
        }
    }

    private static String timedOut(Claim claim) {
        return "timed out after " + claim.timeout() + " (R15)";
    }
}
