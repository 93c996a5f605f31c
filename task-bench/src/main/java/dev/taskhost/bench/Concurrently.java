package dev.taskhost.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs numbered calls on several threads that start together, and times them. */
final class Concurrently {

    /** One numbered call. */
    @FunctionalInterface
    interface Call {
        void run(int index) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Runs calls {@code 0..count-1} spread over {@code threads} threads, released together once all
     * are ready.
     *
     * @return nanoseconds from the release until the last call returned
     * @throws ExecutionException if a call threw; the other threads are interrupted
     * @throws InterruptedException if interrupted while waiting
     */
    static long time(int threads, int count, Call call) throws ExecutionException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> parts = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int first = thread;
                parts.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    for (int i = first; i < count; i += threads) {
                        call.run(i);
                    }
                    return null;
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> part : parts) {
                part.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }
}
