package dev.taskhost.bench;

/**
 * A raw-SQLite measurement: how many steps per second one connection made, and how long each step took.
 *
 * @param perSecond steps per second over the whole measurement
 * @param stepLatency the duration of each step (for claim+finish pairs: of each claim alone)
 */
record RawSteps(double perSecond, LatencySample stepLatency) {

    /** The mean time of one step, in nanoseconds. */
    double nanosPerStep() {
        return 1e9 / perSecond;
    }
}
