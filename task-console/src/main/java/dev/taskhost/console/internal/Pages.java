package dev.taskhost.console.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.OperatorQueue;
import dev.taskhost.core.OperatorTask;
import dev.taskhost.core.PayloadPreview;
import dev.taskhost.core.QueueActivity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The console's pages, server-rendered. Every value from tasks, queues and owners goes through
 * {@link Html#text} or {@link Html#attr} (R61); there is no inline script or style, only the static
 * files under {@code /static/} (the CSP forbids the rest). Stateless.
 */
final class Pages {
    private static final int MESSAGE_CUT = 160;

    private final String base;
    private final boolean readOnly;

    Pages(String base, boolean readOnly) {
        this.base = base;
        this.readOnly = readOnly;
    }

    String queuePath(String owner, String queue) {
        return base + "/owners/" + Paths.segment(owner) + "/queues/" + Paths.segment(queue);
    }

    String schedulesPath(String owner) {
        return base + "/owners/" + Paths.segment(owner) + "/schedules";
    }

    String taskPath(String owner, String id) {
        return base + "/owners/" + Paths.segment(owner) + "/tasks/" + Paths.segment(id);
    }

    private Html open(String title, String page) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(title)
                .raw(" · taskhost console</title><meta name=\"viewport\" content=\"width=device-width\">")
                .raw("<link rel=\"stylesheet\"").attr("href", base + "/static/console.css").raw(">")
                .raw("<script defer").attr("src", base + "/static/console.js").raw("></script></head>")
                .raw("<body").attr("data-page", page).attr("data-base", base).raw(">")
                .raw("<header><a class=\"brand\"").attr("href", base + "/").raw(">taskhost console</a>");
        h.raw("<form class=\"search\" method=\"get\"").attr("action", base + "/search")
                .raw("><input name=\"id\" placeholder=\"task id\" aria-label=\"task id\"><button>Find</button></form>");
        if (readOnly) {
            h.raw("<span class=\"badge ro\">read-only</span>");
        } else {
            h.raw("<form method=\"post\"").attr("action", base + "/signout")
                    .raw("><button class=\"link\">Sign out</button></form>");
        }
        return h.raw("</header><main>");
    }

    private static String close(Html h) {
        return h.raw("</main></body></html>").toString();
    }

    String signIn(Optional<String> error) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · taskhost console</title>")
                .raw("<link rel=\"stylesheet\"").attr("href", base + "/static/console.css").raw(">")
                // The script signs in from a link's #token= fragment, which no request carries.
                .raw("<script defer").attr("src", base + "/static/console.js").raw("></script></head><body>")
                .raw("<main class=\"signin\"><h1>taskhost console</h1>");
        error.ifPresent(e -> h.raw("<p class=\"error\">").text(e).raw("</p>"));
        h.raw("<form method=\"post\"").attr("action", base + "/signin")
                .raw("><label>Access token <input type=\"password\" name=\"token\" id=\"token\" autocomplete=\"off\"></label>")
                .raw("<button id=\"signin\">Sign in</button></form>")
                .raw("<p class=\"hint\">The token is in the host's log, or set by whoever started the console.</p>");
        return h.raw("</main></body></html>").toString();
    }

    String error(int status, String message) {
        Html h = open("Error " + status, "error");
        h.raw("<h1>Error ").text(status).raw("</h1><p class=\"error\">").text(message).raw("</p>");
        return close(h);
    }

    String overview(List<String> owners, List<OperatorQueue> queues,
                    java.util.function.Function<OperatorQueue, Optional<QueueActivity>> activity,
                    List<OperatorHost> hosts, boolean hostsTracked) {
        Html h = open("Overview", "overview");
        h.raw("<h1>Queues</h1>");
        if (queues.isEmpty()) {
            h.raw("<p class=\"hint\">No owner has stored a queue yet.</p>");
        }
        h.raw("<table class=\"queues\"><thead><tr><th>Owner</th><th>Queue</th><th>State</th>");
        for (TaskStatus status : TaskStatus.values()) {
            h.raw("<th>").text(label(status)).raw("</th>");
        }
        h.raw("<th>Last hour (per minute)</th></tr></thead><tbody>");
        for (OperatorQueue queue : queues) {
            h.raw("<tr").attr("data-owner", queue.owner()).attr("data-queue", queue.name()).raw(">");
            h.raw("<td>").text(queue.owner()).raw("</td><td><a").attr("href", queuePath(queue.owner(), queue.name()))
                    .raw(">").text(queue.name()).raw("</a></td><td>");
            state(h, queue, hostsTracked);
            h.raw("</td>");
            for (TaskStatus status : TaskStatus.values()) {
                h.raw("<td class=\"num\"><span data-count").attr("data-status", status.name()).raw(">")
                        .text(queue.summary().count(status)).raw("</span></td>");
            }
            h.raw("<td>");
            chart(h, activity.apply(queue));
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table><p class=\"legend\"><span class=\"k starts\">starts</span> ")
                .raw("<span class=\"k completions\">completions</span> <span class=\"k failures\">failures</span></p>");
        hosts(h, hosts, hostsTracked);
        if (!owners.isEmpty()) {
            h.raw("<h2>Schedules</h2><ul class=\"owners\">");
            for (String owner : owners) {
                h.raw("<li><a").attr("href", schedulesPath(owner)).raw(">").text(owner).raw("</a></li>");
            }
            h.raw("</ul>");
        }
        return close(h);
    }

    /**
     * The live hosts: name, pid, start, last beat and what each runs; or why a view cannot tell. Where
     * hosts are tracked, both the table and the no-host hint are there, one of them hidden, so that the
     * refresh (console.js, from {@code GET /api/hosts}) can add, change and remove rows and flip them.
     */
    private void hosts(Html h, List<OperatorHost> hosts, boolean tracked) {
        h.raw("<h2>Hosts</h2>");
        if (!tracked) {
            h.raw("<p class=\"hint\" data-hosts-untracked>This store belongs to one process; a console with no host "
                    + "cannot see whether that process runs, nor what it runs.</p>");
            return;
        }
        h.raw("<table class=\"hosts\" data-hosts").raw(hosts.isEmpty() ? " hidden" : "")
                .raw("><thead><tr><th>Host</th><th>pid</th><th>Started</th><th>Last seen</th>")
                .raw("<th>Runs (running now)</th></tr></thead><tbody>");
        for (OperatorHost host : hosts) {
            h.raw("<tr").attr("data-host", host.id()).raw("><td data-host-field=\"name\">").text(host.name());
            if (host.thisHost()) {
                h.raw(" <span class=\"badge\">this host</span>");
            }
            h.raw("</td><td class=\"num\" data-host-field=\"pid\">").text(host.pid())
                    .raw("</td><td data-host-field=\"startedAt\">").text(host.startedAt().toString())
                    .raw("</td><td data-host-field=\"lastSeen\">").text(host.lastSeen().toString())
                    .raw("</td><td data-host-field=\"runs\">");
            if (host.runs().isEmpty()) {
                h.raw("<span class=\"hint\">no queue</span>");
            } else {
                h.raw("<ul class=\"runs\">");
                for (OperatorHost.Run run : host.runs()) {
                    h.raw("<li><a").attr("href", queuePath(run.owner(), run.queue())).raw(">").text(run.owner())
                            .raw(" / ").text(run.queue()).raw("</a> (").text(run.running()).raw(")</li>");
                }
                h.raw("</ul>");
            }
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table><p class=\"hint\" data-no-hosts").raw(hosts.isEmpty() ? "" : " hidden")
                .raw(">No live host: none has recorded a heartbeat lately.</p>");
    }

    private void state(Html h, OperatorQueue queue, boolean hostsTracked) {
        h.raw("<span class=\"badge\" data-paused>").text(queue.summary().paused() ? "paused" : "active").raw("</span>");
        if (hostsTracked) {
            // Always there where hosts are known, shown or hidden, so that the refresh can flip it.
            h.raw(" <span class=\"hint warn\" data-no-live-host").raw(queue.liveHosts().isEmpty() ? "" : " hidden")
                    .raw(" title=\"no live host has opened this queue: its tasks wait until one does\">")
                    .raw("no live host runs this queue</span>");
        }
        if (!queue.runsHere() && !(hostsTracked && queue.liveHosts().isEmpty())) {
            h.raw(" <span class=\"hint\" title=\"this host has not created the queue in its lifetime; another host may run it\">")
                    .raw("not run by this host</span>");
        }
    }

    /** A small SVG chart of three series; the script redraws its lines from the API. */
    private static void chart(Html h, Optional<QueueActivity> activity) {
        h.raw("<svg class=\"chart\" viewBox=\"0 0 120 30\" width=\"180\" height=\"45\" role=\"img\" aria-label=\"activity\">");
        if (activity.isEmpty()) {
            h.raw("<text x=\"2\" y=\"18\">no record here</text></svg>");
            return;
        }
        QueueActivity a = activity.get();
        long max = 1;
        for (List<Long> series : List.of(a.starts(), a.completions(), a.failures())) {
            for (long n : series) {
                max = Math.max(max, n);
            }
        }
        line(h, "starts", a.starts(), max);
        line(h, "completions", a.completions(), max);
        line(h, "failures", a.failures(), max);
        h.raw("</svg>");
    }

    private static void line(Html h, String name, List<Long> series, long max) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < series.size(); i++) {
            long y = 29 - Math.round(series.get(i) * 27.0 / max);
            points.append(i * 2).append(',').append(y).append(' ');
        }
        h.raw("<polyline").attr("class", name).attr("data-series", name).attr("points", points.toString().trim())
                .raw("/>");
    }

    String queue(OperatorQueue queue, List<TaskInfo> running, Optional<TaskStatus> status, TaskPage page,
                 Optional<String> cursor, Optional<String> find, Optional<OperatorTask> found,
                 List<OperatorHost> hosts, boolean hostsTracked) {
        String path = queuePath(queue.owner(), queue.name());
        Html h = open(queue.name(), "queue");
        h.raw("<div").attr("data-owner", queue.owner()).attr("data-queue", queue.name()).raw(">");
        h.raw("<p class=\"crumbs\"><a").attr("href", base + "/").raw(">Overview</a> / ").text(queue.owner())
                .raw(" (<a").attr("href", schedulesPath(queue.owner())).raw(">schedules</a>)</p>");
        h.raw("<h1>").text(queue.name()).raw(" ");
        state(h, queue, hostsTracked);
        h.raw("</h1>");
        List<OperatorHost> runners = hosts.stream().filter(host -> queue.liveHosts().contains(host.id())).toList();
        if (hostsTracked && !runners.isEmpty()) {
            h.raw("<p class=\"runners\">Run by: ");
            for (int i = 0; i < runners.size(); i++) {
                OperatorHost host = runners.get(i);
                h.raw(i == 0 ? "" : ", ").raw("<span").attr("data-runner", host.id()).raw(">").text(host.name())
                        .raw(" (pid ").text(host.pid()).raw(")</span>");
            }
            h.raw("</p>");
        }
        if (!readOnly) {
            h.raw("<div class=\"actions\">");
            action(h, path + "/" + (queue.summary().paused() ? "resume" : "pause"),
                    queue.summary().paused() ? "Resume" : "Pause", queue.summary().paused() ? "resume" : "pause");
            h.raw("<a class=\"button\"").attr("href", path + "/confirm?action=retry-failed").raw(">Retry failed…</a>")
                    .raw("<a class=\"button danger\"").attr("href", path + "/confirm?action=clear")
                    .raw(">Cancel pending…</a></div>");
        }
        QueueConfig c = queue.summary().config();
        h.raw("<table class=\"config\"><tr><th>concurrency</th><td>").text(c.concurrency())
                .raw("</td><th>max retries</th><td>").text(c.maxRetries())
                .raw("</td><th>backoff</th><td>").text(duration(c.backoff()))
                .raw("</td><th>delay</th><td>").text(duration(c.delay()))
                .raw("</td><th>retention</th><td>").text(duration(c.retention()))
                .raw("</td><th>timeout</th><td>").text(c.timeout().isZero() ? "none" : duration(c.timeout()))
                .raw("</td></tr></table>");
        h.raw("<nav class=\"tabs\"><a").attr("href", path).attr("class", status.isEmpty() ? "on" : "").raw(">all</a>");
        for (TaskStatus s : TaskStatus.values()) {
            h.raw("<a").attr("href", path + "?status=" + s.name()).attr("class", status.equals(Optional.of(s)) ? "on" : "")
                    .raw(">").text(label(s)).raw(" <span data-count").attr("data-status", s.name()).raw(">")
                    .text(queue.summary().count(s)).raw("</span></a>");
        }
        h.raw("</nav>");
        h.raw("<form class=\"find\" method=\"get\"").attr("action", path)
                .raw("><input name=\"find\" placeholder=\"task id or key\" aria-label=\"task id or key\"");
        find.ifPresent(f -> h.attr("value", f));
        h.raw("><button>Search</button></form>");
        find.ifPresent(f -> {
            if (found.isPresent()) {
                h.raw("<p>Found: ");
                taskLink(h, found.get().owner(), found.get().task());
                h.raw("</p>");
            } else {
                h.raw("<p class=\"hint\">No task of this queue has the id or the unfinished key ").text(f).raw(".</p>");
            }
        });
        if (!running.isEmpty()) {
            h.raw("<h2>Running now</h2>");
            tasks(h, queue.owner(), running);
        }
        h.raw("<h2>").text(status.map(Pages::label).orElse("All tasks")).raw("</h2>");
        if (cursor.isPresent()) {
            h.raw("<p><a").attr("href", path + status.map(s -> "?status=" + s.name()).orElse("")).raw(">First page</a></p>");
        }
        tasks(h, queue.owner(), page.tasks());
        page.nextCursor().ifPresent(next -> h.raw("<p><a rel=\"next\"")
                .attr("href", path + "?" + status.map(s -> "status=" + s.name() + "&").orElse("")
                        + "cursor=" + Paths.segment(next)).raw(">Next page</a></p>"));
        h.raw("</div>");
        return close(h);
    }

    private void tasks(Html h, String owner, List<TaskInfo> tasks) {
        if (tasks.isEmpty()) {
            h.raw("<p class=\"hint\">None.</p>");
            return;
        }
        h.raw("<table class=\"tasks\"><thead><tr><th>Task</th><th>Status</th><th>Attempt</th><th>Priority</th>")
                .raw("<th>Key</th><th>Updated</th><th>Message</th></tr></thead><tbody>");
        for (TaskInfo t : tasks) {
            h.raw("<tr><td>");
            taskLink(h, owner, t);
            h.raw("</td><td><span").attr("class", "status " + t.status().name().toLowerCase(java.util.Locale.ROOT))
                    .raw(">").text(label(t.status())).raw("</span></td><td class=\"num\">").text(t.attempt())
                    .raw("</td><td class=\"num\">").text(t.priority()).raw("</td><td>").text(t.key().orElse(""))
                    .raw("</td><td>").text(t.updatedAt().toString()).raw("</td><td class=\"msg\">")
                    .text(cut(t.message())).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    private void taskLink(Html h, String owner, TaskInfo t) {
        h.raw("<a class=\"id\"").attr("href", taskPath(owner, t.id())).raw(">").text(t.id()).raw("</a>");
    }

    String confirm(OperatorQueue queue, String action) {
        String path = queuePath(queue.owner(), queue.name());
        boolean clear = action.equals("clear");
        long count = queue.summary().count(clear ? TaskStatus.PENDING : TaskStatus.FAILED);
        Html h = open("Confirm", "confirm");
        h.raw("<h1>").text(clear ? "Cancel every pending task?" : "Retry every failed task?").raw("</h1><p>Queue ")
                .text(queue.name()).raw(" of ").text(queue.owner()).raw(" has ").text(count)
                .raw(clear ? " pending task(s); they will be cancelled (running tasks finish)."
                        : " failed task(s); up to 10,000 of them will be made pending again.").raw("</p>");
        h.raw("<form method=\"post\"").attr("action", path + "/" + action)
                .raw("><input type=\"hidden\" name=\"confirm\" value=\"yes\"><button id=\"confirm\"")
                .attr("class", clear ? "danger" : "").raw(">").text(clear ? "Cancel pending" : "Retry failed")
                .raw("</button> <a").attr("href", path).raw(">Back</a></form>");
        return close(h);
    }

    String task(OperatorTask task, Optional<PayloadPreview> payload, String apiPath) {
        TaskInfo t = task.task();
        Html h = open("Task " + t.id(), "task");
        h.raw("<div").attr("data-task-api", apiPath).raw(">");
        h.raw("<p class=\"crumbs\"><a").attr("href", base + "/").raw(">Overview</a> / ").text(task.owner())
                .raw(" / <a").attr("href", queuePath(task.owner(), t.queueName())).raw(">").text(t.queueName())
                .raw("</a></p>");
        h.raw("<h1>Task <code>").text(t.id()).raw("</code></h1>");
        h.raw("<dl class=\"task\"><dt>Status</dt><dd><span data-task-field=\"status\"")
                .attr("class", "status " + t.status().name().toLowerCase(java.util.Locale.ROOT)).raw(">")
                .text(label(t.status())).raw("</span></dd>")
                .raw("<dt>Attempt</dt><dd data-task-field=\"attempt\">").text(t.attempt()).raw("</dd>")
                .raw("<dt>Priority</dt><dd>").text(t.priority()).raw("</dd>")
                .raw("<dt>Key</dt><dd>").text(t.key().orElse("none")).raw("</dd>")
                .raw("<dt>Created</dt><dd>").text(t.createdAt().toString()).raw("</dd>")
                .raw("<dt>Updated</dt><dd data-task-field=\"updatedAt\">").text(t.updatedAt().toString()).raw("</dd>")
                .raw("<dt>Ready at</dt><dd data-task-field=\"readyAt\">")
                .text(t.readyAt().map(Object::toString).orElse("")).raw("</dd>");
        int percent = t.progress().map(p -> p.percent()).orElse(0);
        h.raw("<dt>Progress</dt><dd><progress max=\"100\" data-task-field=\"percent\"")
                .attr("value", Integer.toString(percent)).raw(">").text(percent).raw("%</progress> <span data-task-field=\"note\">")
                .text(t.progress().map(p -> p.percent() + "% " + p.note()).orElse("no report")).raw("</span></dd></dl>");
        h.raw("<h2>Message</h2><pre class=\"message\" data-task-field=\"message\">").text(t.message()).raw("</pre>");
        h.raw("<h2>Payload</h2>");
        if (payload.isEmpty()) {
            h.raw("<p class=\"hint\">The payload is no longer stored.</p>");
        } else {
            PayloadPreview p = payload.get();
            Optional<String> text = p.text();
            h.raw("<p class=\"hint\">").text(p.size()).raw(" bytes").raw(p.truncated() ? ", the first " + p.head().length
                    + " shown" : "").raw(text.isPresent() ? ", as text" : ", as hex").raw("</p><pre class=\"payload\">")
                    .text(text.orElseGet(p::hex)).raw("</pre>");
        }
        if (!readOnly) {
            String path = taskPath(task.owner(), t.id());
            h.raw("<p class=\"hint\" data-task-stale hidden>The task changed: <a").attr("href", path)
                    .raw(">reload</a> for its actions.</p><div class=\"actions\" data-task-actions")
                    .attr("data-status", t.status().name().toLowerCase(java.util.Locale.ROOT)).raw(">");
            if (t.status() == TaskStatus.FAILED || t.status() == TaskStatus.CANCELLED) {
                action(h, path + "/retry", "Retry", "retry");
            }
            if (t.status() == TaskStatus.PENDING) {
                action(h, path + "/cancel", "Cancel", "cancel");
            }
            if (t.status() == TaskStatus.RUNNING) {
                action(h, path + "/cancel-running", "Cancel running", "cancel-running");
            }
            h.raw("</div>");
        }
        h.raw("</div>");
        return close(h);
    }

    private static void action(Html h, String path, String label, String id) {
        h.raw("<form method=\"post\"").attr("action", path).raw("><button").attr("id", id).raw(">").text(label)
                .raw("</button></form>");
    }

    /**
     * An owner's schedules (R50): name, queue, when it fires, its next and last fire. A next fire in
     * the past is due: the host fires it once its queue is created (R52, R53).
     */
    String schedules(String owner, List<ScheduleInfo> schedules) {
        Html h = open("Schedules of " + owner, "schedules");
        h.raw("<p class=\"crumbs\"><a").attr("href", base + "/").raw(">Overview</a> / ").text(owner).raw("</p>");
        h.raw("<h1>Schedules of ").text(owner).raw("</h1>");
        if (schedules.isEmpty()) {
            h.raw("<p class=\"hint\">This owner has no schedules.</p>");
            return close(h);
        }
        h.raw("<table class=\"schedules\"><thead><tr><th>Name</th><th>Queue</th><th>Schedule</th>")
                .raw("<th>Next fire</th><th>Last fire</th></tr></thead><tbody>");
        for (ScheduleInfo s : schedules) {
            h.raw("<tr").attr("data-schedule", s.name()).raw("><td>").text(s.name()).raw("</td><td><a")
                    .attr("href", queuePath(owner, s.queueName())).raw(">").text(s.queueName()).raw("</a></td><td>")
                    .text(s.schedule().toString()).raw("</td><td>")
                    .text(s.nextFire().map(Object::toString).orElse("none to come")).raw("</td><td>")
                    .text(s.lastFire().map(Object::toString).orElse("not yet")).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
        return close(h);
    }

    String notFound(String what) {
        return error(404, what);
    }

    static String label(TaskStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String cut(String message) {
        return message.length() <= MESSAGE_CUT ? message : message.substring(0, MESSAGE_CUT) + "…";
    }

    private static String duration(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
