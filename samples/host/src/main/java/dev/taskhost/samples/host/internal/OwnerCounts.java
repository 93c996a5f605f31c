package dev.taskhost.samples.host.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored owner, as read: the counts of its queues, or why it could not be read (a corrupt or
 * unreadable database, R23), so that one bad owner does not hide the others.
 *
 * @param owner the owner id
 * @param queues the counts of its queues, by queue; empty if it could not be read
 * @param unreadable why it could not be read, in one line; empty if it was read
 */
public record OwnerCounts(String owner, List<QueueCounts> queues, Optional<String> unreadable) {

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if an unreadable owner has queues
     */
    public OwnerCounts {
        Objects.requireNonNull(owner, "owner");
        queues = List.copyOf(queues);
        Objects.requireNonNull(unreadable, "unreadable");
        if (unreadable.isPresent() && !queues.isEmpty()) {
            throw new IllegalArgumentException("an unreadable owner has no queue counts: " + owner);
        }
    }

    /** An owner that was read. */
    public static OwnerCounts read(String owner, List<QueueCounts> queues) {
        return new OwnerCounts(owner, queues, Optional.empty());
    }

    /** An owner that could not be read, and why. */
    public static OwnerCounts unreadable(String owner, String why) {
        return new OwnerCounts(owner, List.of(), Optional.of(why));
    }
}
