package org.l2o.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.optimizers.training.SeedResult;
import org.l2o.optimizers.training.TrainingCsv;
import org.l2o.optimizers.training.TrainingReport;

/** Writes the files of a training run: per-seed CSV and {@code summary.json}. */
final class RunOutputs {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunOutputs() {}

    /** {@code seed-<N>.csv} for every seed. */
    static void writeCsv(Path dir, TrainingReport report) throws IOException {
        for (SeedResult r : report.seeds()) {
            TrainingCsv.write(dir, r);
        }
    }

    /** {@code summary.json}: the report's summary plus the optimizee and dataset names. */
    static Path writeSummary(Path dir, TrainingReport report, TrainingOptions.Resolved resolved) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("optimizee", resolved.optimizee().name());
        summary.put("dataset", resolved.dataset().map(d -> d.name()).orElse(null));
        summary.putAll(report.summary());
        return writeJson(dir.resolve("summary.json"), summary);
    }

    static Path writeJson(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), value);
        return file;
    }
}
