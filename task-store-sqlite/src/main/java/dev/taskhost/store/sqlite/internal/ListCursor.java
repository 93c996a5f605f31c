package dev.taskhost.store.sqlite.internal;

import java.util.regex.Pattern;

/**
 * The cursor of a task page (R49): the enqueue position ({@code seq}) of the page's last task, so
 * that it names a place in enqueue order, not an offset, and stays valid while tasks come and go.
 * Seqs are never reused (see {@link Schema#SEQ_FLOOR}), so a task enqueued later always sorts after it.
 */
final class ListCursor {

    private static final String PREFIX = "s";
    private static final Pattern FORM = Pattern.compile(PREFIX + "[0-9a-z]{1,13}");

    private ListCursor() {
    }

    /** The cursor after the task at {@code seq}. */
    static String of(long seq) {
        return PREFIX + Long.toString(seq, Character.MAX_RADIX);
    }

    /**
     * The enqueue position the cursor names.
     *
     * @throws IllegalArgumentException if the cursor is not one {@link #of} made
     */
    static long seq(String cursor) {
        if (FORM.matcher(cursor).matches()) {
            try {
                long seq = Long.parseLong(cursor.substring(PREFIX.length()), Character.MAX_RADIX);
                if (seq >= 0) {
                    return seq;
                }
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw new IllegalArgumentException("cursor '" + cursor + "' is not a cursor of this store's task pages "
                + "(R49): pass the nextCursor of a page, or none for the first page");
    }
}
