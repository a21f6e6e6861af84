package org.l2o.optimizers.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.HyperParameters;

/**
 * The learning-rate grid search the paper used to tune SGD and Adam (Yang et al. 2023, Tables
 * 4-5): one full {@link TrainingHarness} run (all seeds) per learning rate, everything else
 * fixed.
 *
 * <p>Ranking: learning rates whose seeds all finished come before those with a diverged seed;
 * among them, the higher mean final test accuracy wins, and where accuracy is undefined (an
 * objective that does not classify) or tied, the lower mean final test loss.
 */
public final class LearningRateSweep {

    /** The hyperparameter a sweep varies. */
    public static final String LR = "lr";

    /**
     * One grid point.
     *
     * @param lr the learning rate
     * @param report the run at that rate
     */
    public record Entry(double lr, TrainingReport report) {

        public double meanTestAccuracy() {
            return report.finalTestAccuracy().mean();
        }

        public double meanTestLoss() {
            return report.finalTestLoss().mean();
        }

        public int divergedSeeds() {
            return report.diverged().size();
        }
    }

    /**
     * All grid points in the order given, and the best one.
     *
     * @param entries one per learning rate
     * @param best the winner under the ranking above
     */
    public record Result(List<Entry> entries, Entry best) {}

    private final TrainingHarness harness;

    public LearningRateSweep(TrainingHarness harness) {
        this.harness = harness;
    }

    /**
     * Runs {@code base} once per learning rate; the other hyperparameters keep the values of
     * {@code base.hyperParameters()}; nothing is saved.
     *
     * @throws IllegalArgumentException when the optimizer has no {@code lr} hyperparameter, or a rate is invalid
     */
    public Result run(TrainingSpec base, List<Double> learningRates) throws IOException {
        if (learningRates.isEmpty()) {
            throw new IllegalArgumentException("no learning rates to sweep");
        }
        if (base.optimizer().hyperParameters().stream().noneMatch(h -> h.name().equals(LR))) {
            throw new IllegalArgumentException("optimizer '" + base.optimizer().name() + "' has no '" + LR
                    + "' hyperparameter to sweep");
        }
        List<Entry> entries = new ArrayList<>();
        for (double lr : learningRates) {
            HyperParameters values = withLearningRate(base.hyperParameters(), base, lr);
            entries.add(new Entry(lr, harness.run(base.withHyperParameters(values).withoutSaving())));
        }
        return new Result(List.copyOf(entries), entries.stream().min(RANKING).orElseThrow());
    }

    /** Best first. */
    public static final Comparator<Entry> RANKING = Comparator
            .comparing((Entry e) -> e.divergedSeeds() > 0 || e.report().finalTestLoss().n() == 0)
            .thenComparing(e -> Double.isNaN(e.meanTestAccuracy()) ? Double.NEGATIVE_INFINITY : e.meanTestAccuracy(),
                    Comparator.reverseOrder())
            .thenComparing(e -> Double.isNaN(e.meanTestLoss()) ? Double.POSITIVE_INFINITY : e.meanTestLoss());

    private static HyperParameters withLearningRate(HyperParameters values, TrainingSpec base, double lr) {
        Map<String, String> text = new LinkedHashMap<>();
        values.asMap().forEach((k, v) -> text.put(k, v instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(v)));
        text.put(LR, Double.toString(lr));
        return HyperParameters.parse(base.optimizer(), text);
    }
}
