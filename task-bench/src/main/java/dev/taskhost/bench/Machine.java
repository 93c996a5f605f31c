package dev.taskhost.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the benchmark ran on.
 *
 * @param cores processors available to the JVM
 * @param cpu the processor model, if the system says
 * @param os operating system name, version and architecture
 * @param java Java version and VM
 * @param fileSystem the type and device of the file system under the data directory
 * @param maxHeapBytes the JVM's maximum heap
 */
record Machine(int cores, Optional<String> cpu, String os, String java, String fileSystem, long maxHeapBytes) {

    /** Describes this machine, with the file system that holds {@code dataDirectory}. */
    static Machine describe(Path dataDirectory) {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                fileSystem(dataDirectory),
                Runtime.getRuntime().maxMemory());
    }

    /** The system load average over the last minute; negative where the system does not tell. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One markdown line. */
    String describe() {
        return cores + " cores" + cpu.map(model -> " (" + model + ")").orElse("") + ", " + os + ", " + java
                + ", data on " + fileSystem + ", max heap " + Format.mebibytes(maxHeapBytes);
    }

    // The type is what `df -T` prints, read through the JDK (from /proc/mounts on Linux).
    private static String fileSystem(Path directory) {
        try {
            FileStore store = Files.getFileStore(directory);
            return store.type() + " (" + store.name() + ")";
        } catch (IOException e) {
            return "an unknown file system (" + e.getMessage() + ")";
        }
    }

    private static Optional<String> cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(cpuinfo);
            return lines.stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
