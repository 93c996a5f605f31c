package dev.taskhost.bench;

/**
 * How much work each scenario does.
 *
 * @param raw single-row inserts, and then claim+finish pairs, of the raw limit
 * @param enqueue enqueue calls per measurement (split over the threads when there are several)
 * @param drain the backlog each drain starts from
 * @param latency enqueue-to-start samples at an idle host
 * @param loadSeconds how long the steady load runs
 * @param backlog pending tasks in the big queue of the backlog scenario
 * @param otherBacklog pending tasks in each of the {@link #OTHER_QUEUES} other queues there
 * @param starts tasks timed when starting from the big backlog, and the size of the small backlog
 *     they are compared with
 */
record Sizes(int raw, int enqueue, int drain, int latency, int loadSeconds, int backlog, int otherBacklog,
             int starts, int owners) {

    /** How many other queues share the big queue's database in the backlog scenario. */
    static final int OTHER_QUEUES = 10;

    /** @throws IllegalArgumentException if a size is out of range, naming its option */
    Sizes {
        atLeast("--raw", raw, 1);
        atLeast("--enqueue", enqueue, 1);
        atLeast("--drain", drain, 1);
        atLeast("--latency", latency, 1);
        atLeast("--load-seconds", loadSeconds, 1);
        atLeast("--backlog", backlog, 1);
        atLeast("--other-backlog", otherBacklog, 0);
        // A per-task cost needs two starts at least: it is measured from the first to the last.
        atLeast("--starts", starts, 2);
        atLeast("--owners", owners, 1);
        if (starts > backlog) {
            throw new IllegalArgumentException("--starts (" + starts + ") must not exceed --backlog ("
                    + backlog + "): the starts are taken from that backlog");
        }
    }

    /** The sizes: 100k drain backlog, 1M-task backlog with 10 queues of 10k beside it. */
    static Sizes full() {
        return new Sizes(20_000, 20_000, 100_000, 2_000, 10, 1_000_000, 10_000, 1_000, 32_000);
    }

    /** Small sizes for a first look: a run takes well under a minute. */
    static Sizes quick() {
        return new Sizes(2_000, 2_000, 2_000, 200, 2, 20_000, 200, 200, 2_560);
    }

    /**
     * How many operations the untimed warm-up before a measurement of {@code measured} runs: as many
     * as are measured. The host's code paths are long, and the JIT compiles them for seconds (a
     * profile showed 2 s of C2 compilation as a drain began, where a drain of 20,000 takes under 2 s);
     * the raw loops, a few statements each, are compiled long before.
     */
    static int warmup(int measured) {
        return Math.max(1, measured);
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
        }
    }
}
