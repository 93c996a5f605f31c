package dev.taskhost.testkit.jvm;

/** A child for {@link ChildJvmTest}: prints the module it runs in and its arguments, then {@code ready}. */
public final class EchoChild {

    private EchoChild() {
    }

    /** Prints and exits with 0. */
    public static void main(String[] args) {
        System.out.println("module " + EchoChild.class.getModule().getName());
        System.out.println("args " + String.join(" ", args));
        System.out.println("ready");
    }
}
