package probe.noprovider;

/** Just a class. */
public final class NotAPlugin {
}
