package dev.taskhost.integration;

import java.util.Optional;

/**
 * One row of the bad-input suite: an input, what is done with it, and the exact exception class and
 * a fragment of its message expected, or nothing when the input must work (the call then checks how
 * it works). {@code afterwards} puts back what the row broke on purpose (a read-only folder, a file
 * made unreadable) before the suite checks what was stored before.
 *
 * @param rule the SPEC rule the row proves
 * @param input the input, as the test report names it
 * @param intactOwners whose stored tasks must be intact after the row
 */
record BadInput(String rule, String input, Call call, Optional<Class<? extends Throwable>> expected, String fragment,
                Call afterwards, String... intactOwners) {

    /** What a row does with the stored tasks' host. */
    @FunctionalInterface
    interface Call {
        void run(StoredTasks stored) throws Exception;
    }

    static BadInput fails(String rule, String input, Class<? extends Throwable> expected, String fragment, Call call) {
        return new BadInput(rule, input, call, Optional.of(expected), fragment, stored -> { },
                StoredTasks.APP, StoredTasks.OTHER);
    }

    static BadInput works(String rule, String input, Call call) {
        return new BadInput(rule, input, call, Optional.empty(), "", stored -> { }, StoredTasks.APP, StoredTasks.OTHER);
    }

    /** The same row, with something to put back before the intact check, and the owners to check. */
    BadInput then(Call restore, String... owners) {
        return new BadInput(rule, input, call, expected, fragment, restore, owners);
    }

    @Override
    public String toString() {
        return rule + " " + input + " -> "
                + expected.map(type -> type.getSimpleName() + " '" + printable(fragment) + "'").orElse("works");
    }

    private static String printable(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
