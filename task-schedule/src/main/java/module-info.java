/**
 * Fire times of schedules: {@link dev.taskhost.schedule.FireTimes}. Used by the host and by the
 * testkit's fake, so that both fire at the same times.
 */
// cron-utils ships as an automatic module (com.cronutils) only; this is the one module that reads it.
@SuppressWarnings("requires-automatic")
module dev.taskhost.schedule {
    requires transitive dev.taskhost.api;
    requires com.cronutils;

    exports dev.taskhost.schedule;
}
