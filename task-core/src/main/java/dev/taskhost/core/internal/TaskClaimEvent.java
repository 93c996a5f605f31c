package dev.taskhost.core.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for one store call that records the outcomes of ended runs and claims ready tasks, on
 * the host's scheduler thread. Built and committed only while a recording enables it.
 */
@Name(TaskClaimEvent.NAME)
@Label("Task Claim")
@Category({"taskhost"})
@Description("One store call that records ended runs and claims ready tasks of a queue")
@StackTrace(false)
final class TaskClaimEvent extends jdk.jfr.Event {
    static final String NAME = "dev.taskhost.TaskClaim";

    @Label("Owner")
    String owner;
    @Label("Queue")
    String queue;
    @Label("Asked")
    @Description("the most tasks the claim could take")
    int asked;
    @Label("Claimed")
    int claimed;
    @Label("Recorded")
    @Description("outcomes of ended runs written in the same call")
    int recorded;

    /** Commits the claim's event if a recording wants it. */
    void commit(String owner, String queue, int asked, int claimed, int recorded) {
        end();
        if (shouldCommit()) {
            this.owner = owner;
            this.queue = queue;
            this.asked = asked;
            this.claimed = claimed;
            this.recorded = recorded;
            commit();
        }
    }
}
