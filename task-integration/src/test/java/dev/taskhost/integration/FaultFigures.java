package dev.taskhost.integration;

import java.util.concurrent.atomic.AtomicLong;

/** What a fault test did, printed at its end: faults injected, calls acknowledged and failed, and lost. */
final class FaultFigures {
    final AtomicLong faults = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    void print(String test, long lost) {
        System.out.printf("faults %s: faults injected %d, calls acknowledged %d, calls failed %d, lost %d%n",
                test, faults.get(), acknowledged.get(), failed.get(), lost);
    }
}
