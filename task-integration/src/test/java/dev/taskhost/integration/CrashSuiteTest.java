package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.integration.ExecutionLogReader.Execution;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash suite: a child JVM runs {@link LoadPlan}'s tasks and is stopped again and again at
 * seeded random moments, by SIGKILL (R9, R14, R17) or by a graceful close (R22), then left to
 * finish. What the worker logged, what the killed host left running, and what {@code get} says at
 * the end must tell one consistent story: nothing lost, a task re-run only where a stop cut its run,
 * never more than {@code maxRetries + 1} attempts, every database sound.
 *
 * <p>System properties: {@code crash.tasks} (10,000), {@code crash.stops} (20), {@code crash.seed}
 * (random; printed, so a run can be replayed).
 */
@Tag("crash")
class CrashSuiteTest {
    private static final int TASKS = Integer.getInteger("crash.tasks", 10_000);
    private static final int STOPS = Integer.getInteger("crash.stops", 20);
    private static final int MAX_ATTEMPTS = LoadPlan.MAX_RETRIES + 1;
    /** Shorter than a slow task's work, so that a close during load has runs to hand back. */
    private static final Duration CLOSE_GRACE = Duration.ofMillis(20);
    /** How long a life may take to open its queues. */
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void r14_r17_sigkillAtRandomMomentsLosesNothingAndRerunsOnlyWhatItCut() throws Exception {
        long seed = seed("crash suite (SIGKILL)");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Map<String, LoadPlan.Kind> kinds = LoadFixture.enqueue(data, TASKS);
        requireSound(data);

        // What each kill left running in the store: the runs it cut, by kill (= life) number.
        List<Map<String, Integer>> cutByLife = new ArrayList<>();
        int killsDuringLoad = 0;
        for (int life = 0; life < STOPS; life++) {
            try (ChildJvm child = life(data, life, false)) {
                // A quarter of the kills come at any moment of start-up, recovery (R17) included.
                if (random.nextInt(4) == 0) {
                    TimeUnit.MILLISECONDS.sleep(random.nextInt(2_500));
                } else {
                    child.awaitPrinted("ready", READY_LIMIT);
                    TimeUnit.MILLISECONDS.sleep(50 + random.nextInt(650));
                }
                child.requireAlive();
                child.kill();
                if (child.printed("ready")) {
                    killsDuringLoad++;
                }
            }
            cutByLife.add(runningTasks(data));
            requireSound(data);
        }
        Map<String, LoadPlan.Kind> all = finish(data, STOPS);
        requireSound(data);
        Set<String> enqueuedByChildren = requireNoneLost(data, kinds, all);

        Map<String, TaskInfo> states = LoadFixture.finalStates(data, all.keySet());
        ExecutionLogReader.Contents log = ExecutionLogReader.read(data.resolve(ExecutionLog.FILE_NAME));
        KillVerdict verdict = new KillVerdict(all, states, log.executions(), cutByLife);
        verdict.check();

        System.out.printf("crash suite (SIGKILL): seed %d, kills survived %d (%d during load, %d cutting runs), "
                        + "tasks checked %d (%d enqueued before, %d by the killed children, %d more whose enqueue "
                        + "a kill cut; %d completed, %d failed, %d of them after %d cut runs), executions logged %d, "
                        + "runs cut by kills %d, duplicates observed %d, cut log lines %d%n",
                seed, STOPS, killsDuringLoad, cutByLife.stream().filter(cut -> !cut.isEmpty()).count(),
                states.size(), kinds.size(), enqueuedByChildren.size(),
                all.size() - kinds.size() - enqueuedByChildren.size(),
                count(states, TaskStatus.COMPLETED), count(states, TaskStatus.FAILED),
                verdict.failedByKills, MAX_ATTEMPTS, log.executions().size(), verdict.cutRuns,
                verdict.duplicates, log.cutLines());
        assertTrue(log.cutLines() <= STOPS, "more cut lines than kills");
    }

    @Test
    void r22_closeDuringLoadHandsRunsBackWithoutUsingAnAttempt() throws Exception {
        long seed = seed("crash suite (close)");
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Map<String, LoadPlan.Kind> kinds = LoadFixture.enqueue(data, TASKS);

        for (int life = 0; life < STOPS; life++) {
            try (ChildJvm child = life(data, life, false)) {
                child.awaitPrinted("ready", READY_LIMIT);
                TimeUnit.MILLISECONDS.sleep(50 + random.nextInt(650));
                child.requireAlive();
                int exit = child.terminate();
                assertEquals(143, exit, () -> "a SIGTERM'd JVM exits with 128 + 15:\n" + child.output());
            }
            // Close finished or handed back every run: nothing is left running (R22).
            assertEquals(Map.of(), runningTasks(data), "tasks left running by close in life " + life);
            requireSound(data);
        }
        Map<String, LoadPlan.Kind> all = finish(data, STOPS);
        requireSound(data);
        Set<String> enqueuedByChildren = requireNoneLost(data, kinds, all);

        Map<String, TaskInfo> states = LoadFixture.finalStates(data, all.keySet());
        ExecutionLogReader.Contents log = ExecutionLogReader.read(data.resolve(ExecutionLog.FILE_NAME));
        assertEquals(0, log.cutLines(), "a graceful close cuts no log line");
        Map<String, List<Execution>> byTask = byTask(log.executions(), all.keySet());
        int handedBack = 0;
        Set<Integer> livesHandingBack = new HashSet<>();
        for (Map.Entry<String, LoadPlan.Kind> task : all.entrySet()) {
            String id = task.getKey();
            TaskInfo info = states.get(id);
            List<Execution> runs = byTask.getOrDefault(id, List.of());
            if (task.getValue() == LoadPlan.Kind.FAIL) {
                assertEquals(TaskStatus.FAILED, info.status(), id);
                assertEquals(MAX_ATTEMPTS, info.attempt(), id);
                assertEquals(LoadPlan.failedMessage(MAX_ATTEMPTS), info.message(), id);
            } else {
                assertEquals(TaskStatus.COMPLETED, info.status(), id);
                assertEquals(1, info.attempt(), () -> id + ": a close used up an attempt (R22): " + runs);
                Execution last = runs.get(runs.size() - 1);
                assertEquals(LoadPlan.completedMessage(1, last.life()), info.message(), id);
            }
            // A run handed back is run again with the same attempt, in a later life.
            Map<Integer, Integer> lastLifeByAttempt = new HashMap<>();
            for (Execution run : runs) {
                assertTrue(run.attempt() >= 1 && run.attempt() <= info.attempt(), () -> id + ": " + runs);
                Integer before = lastLifeByAttempt.put(run.attempt(), run.life());
                if (before != null) {
                    assertTrue(before < run.life(), () -> id + " ran one attempt twice in one life: " + runs);
                    handedBack++;
                    livesHandingBack.add(before);
                }
            }
            assertEquals(info.attempt(), lastLifeByAttempt.size(), () -> id + ": an attempt never ran: " + runs);
        }

        System.out.printf("crash suite (close): seed %d, closes survived %d (%d handing runs back), tasks checked "
                        + "%d (%d enqueued before, %d by the closed children), executions logged %d, runs handed "
                        + "back %d, attempts used up by a close 0%n",
                seed, STOPS, livesHandingBack.size(), states.size(), kinds.size(), all.size() - kinds.size(),
                log.executions().size(), handedBack);
    }

    /** The seed of the stop moments, printed first so that a failed run can be replayed. */
    private static long seed(String suite) {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.printf("%s: seed %d (replay with -Dcrash.seed=%d), %d tasks, %d stops%n",
                suite, seed, seed, TASKS, STOPS);
        return seed;
    }

    /**
     * Starts life {@code life}: a {@link LoadChild} on {@code data}, its output in {@code life-N.out};
     * {@code finish} makes it run until the tasks listed in {@code ids.txt} ended, then exit.
     */
    private ChildJvm life(Path data, int life, boolean finish) throws java.io.IOException {
        Path output = dir.resolve("life-" + life + ".out");
        String grace = String.valueOf(CLOSE_GRACE.toMillis());
        return finish
                ? ChildJvm.start(output, LoadChild.class, data.toString(), String.valueOf(life), grace, "finish",
                        dir.resolve("ids.txt").toString())
                : ChildJvm.start(output, LoadChild.class, data.toString(), String.valueOf(life), grace, "run");
    }

    /**
     * The last life: runs until every stored task has ended, then closes and exits.
     *
     * @return every task stored, with its kind
     */
    private Map<String, LoadPlan.Kind> finish(Path data, int life) throws Exception {
        Map<String, LoadPlan.Kind> all = LoadFixture.storedTasks(data);
        Files.write(dir.resolve("ids.txt"), all.keySet());
        try (ChildJvm child = life(data, life, true)) {
            int exit = child.awaitExit(Duration.ofMinutes(6));
            assertEquals(0, exit, child::output);
            assertTrue(child.printed("finished"), child::output);
        }
        return all;
    }

    /**
     * R9: every task whose enqueue returned is stored: those enqueued before, and those the children
     * logged. A task stored without its log line is one whose enqueue a stop cut: at most one a stop.
     *
     * @return the ids the children logged
     */
    private static Set<String> requireNoneLost(Path data, Map<String, LoadPlan.Kind> before,
                                               Map<String, LoadPlan.Kind> all) throws Exception {
        Set<String> logged = ExecutionLogReader.readEnqueued(data.resolve(ExecutionLog.ENQUEUED_FILE_NAME));
        Set<String> lost = new HashSet<>(before.keySet());
        lost.addAll(logged);
        lost.removeAll(all.keySet());
        assertEquals(Set.of(), lost, "tasks whose enqueue returned are not stored (R9)");
        assertTrue(all.size() - before.size() - logged.size() <= STOPS, "more unlogged enqueues than stops");
        assertTrue(all.keySet().stream().filter(id -> !before.containsKey(id))
                .allMatch(id -> all.get(id) == LoadPlan.Kind.OK), "children enqueue OK tasks only");
        return logged;
    }

    private static Map<String, Integer> runningTasks(Path data) throws Exception {
        Map<String, Integer> running = new HashMap<>();
        for (Path database : SqliteProbe.databases(data)) {
            running.putAll(SqliteProbe.running(database));
        }
        return running;
    }

    /** PRAGMA integrity_check on every owner's database. */
    private static void requireSound(Path data) throws Exception {
        List<Path> databases = SqliteProbe.databases(data);
        assertTrue(!databases.isEmpty(), "no database under " + data);
        for (Path database : databases) {
            assertEquals("ok", SqliteProbe.integrityCheck(database), database.toString());
        }
    }

    static Map<String, List<Execution>> byTask(List<Execution> executions, Set<String> known) {
        Map<String, List<Execution>> byTask = executions.stream()
                .collect(Collectors.groupingBy(Execution::taskId));
        Set<String> unknown = new HashSet<>(byTask.keySet());
        unknown.removeAll(known);
        assertEquals(Set.of(), unknown, "the worker ran tasks that were never enqueued");
        return byTask;
    }

    private static long count(Map<String, TaskInfo> states, TaskStatus status) {
        return states.values().stream().filter(info -> info.status() == status).count();
    }

    /** The checks of the SIGKILL run, task by task. */
    private static final class KillVerdict {
        private final Map<String, LoadPlan.Kind> kinds;
        private final Map<String, TaskInfo> states;
        private final Map<String, List<Execution>> byTask;
        /** For each task, the attempts a kill cut, with the first kill (life) that found each running. */
        private final Map<String, Map<Integer, Integer>> cuts = new HashMap<>();
        int cutRuns;
        int duplicates;
        int failedByKills;

        KillVerdict(Map<String, LoadPlan.Kind> kinds, Map<String, TaskInfo> states, List<Execution> executions,
                    List<Map<String, Integer>> cutByLife) {
            this.kinds = kinds;
            this.states = states;
            this.byTask = byTask(executions, kinds.keySet());
            for (int life = 0; life < cutByLife.size(); life++) {
                for (Map.Entry<String, Integer> cut : cutByLife.get(life).entrySet()) {
                    cuts.computeIfAbsent(cut.getKey(), id -> new HashMap<>()).putIfAbsent(cut.getValue(), life);
                }
            }
            cutRuns = cuts.values().stream().mapToInt(Map::size).sum();
        }

        void check() {
            for (Map.Entry<String, LoadPlan.Kind> task : kinds.entrySet()) {
                checkTask(task.getKey(), task.getValue());
            }
        }

        private void checkTask(String id, LoadPlan.Kind kind) {
            TaskInfo info = states.get(id);
            List<Execution> runs = byTask.getOrDefault(id, List.of());
            Map<Integer, Integer> cut = cuts.getOrDefault(id, Map.of());
            String story = id + " (" + kind + "): " + info + ", runs " + runs + ", cut attempts " + cut;

            assertTrue(info.status().isTerminal(), story);
            // R14: never more than maxRetries + 1 attempts; an attempt number is never run twice.
            assertTrue(info.attempt() >= 1 && info.attempt() <= MAX_ATTEMPTS, story);
            Map<Integer, Integer> lifeByAttempt = new HashMap<>();
            for (Execution run : runs) {
                assertTrue(run.attempt() >= 1 && run.attempt() <= info.attempt(), story);
                assertEquals(null, lifeByAttempt.put(run.attempt(), run.life()), "attempt run twice: " + story);
            }
            // A cut attempt is over: the next one starts in a later life, and the task went on from it.
            for (Map.Entry<Integer, Integer> attemptCut : cut.entrySet()) {
                int attempt = attemptCut.getKey();
                assertTrue(attempt <= info.attempt(), story);
                Integer nextLife = lifeByAttempt.get(attempt + 1);
                assertTrue(nextLife == null || nextLife > attemptCut.getValue(), story);
                Integer ranIn = lifeByAttempt.get(attempt);
                assertTrue(ranIn == null || ranIn <= attemptCut.getValue(), story);
            }
            // Every attempt but the last ended without ending the task: by a kill, or (FAIL only) a throw.
            for (int attempt = 1; attempt < info.attempt(); attempt++) {
                boolean cutByKill = cut.containsKey(attempt);
                boolean thrown = kind == LoadPlan.Kind.FAIL && lifeByAttempt.containsKey(attempt);
                assertTrue(cutByKill || thrown, "attempt " + attempt + " used up without a kill: " + story);
            }
            int last = info.attempt();
            if (info.status() == TaskStatus.COMPLETED) {
                assertTrue(kind != LoadPlan.Kind.FAIL, story);
                assertTrue(!cut.containsKey(last), story);
                Integer life = lifeByAttempt.get(last);
                assertTrue(life != null, "completed by an attempt never logged: " + story);
                assertEquals(LoadPlan.completedMessage(last, life), info.message(), story);
                duplicates += runs.size() - 1;
            } else {
                assertEquals(TaskStatus.FAILED, info.status(), story);
                assertEquals(MAX_ATTEMPTS, last, story);
                if (cut.containsKey(last)) {
                    assertEquals("the host stopped during attempt " + last + " (R17)", info.message(), story);
                } else {
                    assertEquals(LoadPlan.Kind.FAIL, kind, "failed, yet its worker never fails: " + story);
                    assertEquals(LoadPlan.failedMessage(last), info.message(), story);
                    assertTrue(lifeByAttempt.containsKey(last), story);
                }
                if (kind != LoadPlan.Kind.FAIL) {
                    failedByKills++;
                    duplicates += runs.size() - 1;
                }
            }
        }
    }
}
