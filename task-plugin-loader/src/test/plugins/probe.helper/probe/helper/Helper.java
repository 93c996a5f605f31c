package probe.helper;

/** A library the plugin needs. */
public final class Helper {

    private Helper() {
    }

    public static String help() {
        return "helped";
    }
}
