package org.l2o.optimizers.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of this process from {@code /proc/self/status} (Linux): the current resident
 * set (VmRSS) and its peak (VmHWM). Native memory that DJL/PyTorch allocate counts, unlike the
 * Java heap statistics, which is why leaks of native arrays show up here.
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentMemory() {}

    /** Current resident set size in bytes, or empty where /proc is unavailable. */
    public static OptionalLong currentBytes() {
        return read(STATUS, "VmRSS:");
    }

    /** Peak resident set size in bytes since the process started, or empty where unavailable. */
    public static OptionalLong peakBytes() {
        return read(STATUS, "VmHWM:");
    }

    /** Reads a {@code "Key:   1234 kB"} line from a status file. */
    static OptionalLong read(Path status, String key) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    long unit = parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? 1024 : 1;
                    return OptionalLong.of(value * unit);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: memory is simply not reported
        }
        return OptionalLong.empty();
    }
}
