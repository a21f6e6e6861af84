package org.l2o.optimizers.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-seed curves as CSV, one file per seed named {@code seed-<N>.csv} with the header
 * {@code step,train_loss,test_loss,test_accuracy,rss_mib,train_split_loss}. Row {@code s} holds the
 * minibatch loss of step s (at the parameters before update s) and, where an evaluation happened
 * after update s, its test loss, accuracy, the resident memory and, when the train split is
 * evaluated, the loss over it; other cells are empty. Row 0 holds
 * the evaluation of the initial parameters. Non-finite values are written as {@code NaN},
 * {@code Infinity} or {@code -Infinity}, which NumPy and pandas read.
 */
public final class TrainingCsv {

    /** The header line. */
    public static final String HEADER = "step,train_loss,test_loss,test_accuracy,rss_mib,train_split_loss";

    private TrainingCsv() {}

    /** The file name for one seed. */
    public static String fileName(long seed) {
        return "seed-" + seed + ".csv";
    }

    /** Writes {@code dir/seed-<N>.csv}; returns its path. */
    public static Path write(Path dir, SeedResult result) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName(result.seed()));
        Map<Integer, EvalPoint> evals = new HashMap<>();
        result.evaluations().forEach(e -> evals.put(e.step(), e));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.newLine();
            float[] loss = result.trainLoss();
            for (int step = 0; step <= loss.length; step++) {
                EvalPoint e = evals.get(step);
                if (step == 0 && e == null) {
                    continue;
                }
                StringBuilder row = new StringBuilder().append(step).append(',');
                if (step > 0) {
                    row.append(loss[step - 1]);
                }
                row.append(',');
                if (e != null) {
                    row.append(e.testLoss()).append(',').append(e.testAccuracy()).append(',');
                    if (e.residentBytes() >= 0) {
                        row.append(String.format(Locale.ROOT, "%.1f", e.residentBytes() / (1024.0 * 1024.0)));
                    }
                    row.append(',');
                    if (!Double.isNaN(e.trainSplitLoss())) {
                        row.append(e.trainSplitLoss());
                    }
                } else {
                    row.append(",,,");
                }
                w.write(row.toString());
                w.newLine();
            }
        }
        return file;
    }
}
