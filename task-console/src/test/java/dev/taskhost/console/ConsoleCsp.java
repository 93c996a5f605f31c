package dev.taskhost.console;

/** The Content-Security-Policy the console promises (R61), written out here so a change is noticed. */
final class ConsoleCsp {
    static final String EXPECTED = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ConsoleCsp() {
    }
}
