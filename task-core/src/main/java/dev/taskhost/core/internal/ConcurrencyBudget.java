package dev.taskhost.core.internal;

/** An owner's concurrency budget, shared by all its queues for the host's lifetime (R4). Thread-safe. */
final class ConcurrencyBudget {
    private final String owner;
    private final int total;
    private int allocated;

    ConcurrencyBudget(String owner, int total) {
        this.owner = owner;
        this.total = total;
    }

    int total() {
        return total;
    }

    /**
     * Grants what is asked, or what is left when that is less.
     *
     * @throws IllegalStateException when nothing is left
     */
    synchronized int allocate(int requested) {
        int left = total - allocated;
        if (left <= 0) {
            throw new IllegalStateException("the concurrency budget of owner '" + owner + "' is used up: "
                    + allocated + "/" + total + " allocated (R4)");
        }
        int granted = Math.min(requested, left);
        allocated += granted;
        return granted;
    }

    /** Gives back what a queue that failed to open had been granted. */
    synchronized void release(int granted) {
        allocated -= granted;
    }
}
