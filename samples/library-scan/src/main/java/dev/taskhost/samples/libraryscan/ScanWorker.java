package dev.taskhost.samples.libraryscan;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskWorker;

/**
 * Scans one queued folder file by file, reporting after each file how far it has got (R48): the
 * percentage of the folder's files done and the file just scanned. A payload that names no folder
 * of the library fails its task at once: no retry would find it (R46).
 */
final class ScanWorker implements TaskWorker {
    private final SimulatedLibrary library;

    ScanWorker(SimulatedLibrary library) {
        this.library = library;
    }

    @Override
    public String execute(Task task) throws Exception {
        String payload = new String(task.payload(), UTF_8);
        String folder = SimulatedLibrary.named(payload).orElseThrow(() -> new NonRetryableException(
                "no folder '" + payload + "' in the library"));
        int files = SimulatedLibrary.fileCount(folder);
        task.progress(0, "opening " + folder);
        for (int i = 1; i <= files; i++) {
            library.scan(folder, i);
            // Reported after every file: the host coalesces the reports, so this costs no store write each.
            task.progress(100 * i / files, SimulatedLibrary.file(folder, i));
        }
        return "scanned " + files + " files of " + folder;
    }
}
