package org.l2o.optimizers.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The results of all seeds of one run, with summary statistics.
 *
 * <p>"Final" values: the test loss and accuracy of the last evaluation (after the last step),
 * and the training loss as the mean minibatch loss over the last evaluation interval
 * ({@code min(evalEvery, steps)} steps), which smooths minibatch noise. Means and standard
 * deviations (n−1 denominator, 0 for one seed) are over the seeds that did not diverge.
 *
 * @param spec what was run
 * @param seeds one result per seed, in seed order
 * @param peakResidentBytes the process's peak resident memory (VmHWM) after the run, -1 if unknown
 */
public record TrainingReport(TrainingSpec spec, List<SeedResult> seeds, long peakResidentBytes) {

    public TrainingReport {
        seeds = List.copyOf(seeds);
    }

    /** Mean, standard deviation and number of values of one statistic. */
    public record Stat(double mean, double std, int n) {

        /** Over the finite values; NaN mean and std when there are none. */
        public static Stat of(List<Double> values) {
            List<Double> finite = values.stream().filter(Double::isFinite).toList();
            int n = finite.size();
            if (n == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = finite.stream().mapToDouble(Double::doubleValue).sum() / n;
            double ss = finite.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Stat(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean", finiteOrNull(mean));
            m.put("std", finiteOrNull(std));
            m.put("n", n);
            return m;
        }
    }

    /** The training-loss window used for "final training loss". */
    public int trainLossWindow() {
        return Math.min(spec.evalEvery(), spec.steps());
    }

    public double finalTrainLoss(SeedResult r) {
        return r.finalTrainLoss(trainLossWindow());
    }

    public static double finalTestLoss(SeedResult r) {
        EvalPoint last = r.lastEvaluation();
        return last == null ? Double.NaN : last.testLoss();
    }

    /** The loss over the evaluated train samples at the last evaluation; NaN when not evaluated. */
    public static double finalTrainSplitLoss(SeedResult r) {
        EvalPoint last = r.lastEvaluation();
        return last == null ? Double.NaN : last.trainSplitLoss();
    }

    public static double finalTestAccuracy(SeedResult r) {
        EvalPoint last = r.lastEvaluation();
        return last == null ? Double.NaN : last.testAccuracy();
    }

    private Stat over(ToDoubleFunction<SeedResult> f, boolean includeDiverged) {
        List<Double> values = new ArrayList<>();
        for (SeedResult r : seeds) {
            if (includeDiverged || !r.diverged()) {
                values.add(f.applyAsDouble(r));
            }
        }
        return Stat.of(values);
    }

    public Stat finalTrainLoss() {
        return over(this::finalTrainLoss, false);
    }

    public Stat finalTestLoss() {
        return over(TrainingReport::finalTestLoss, false);
    }

    public Stat finalTestAccuracy() {
        return over(TrainingReport::finalTestAccuracy, false);
    }

    /** n = 0 when the train split was not evaluated. */
    public Stat finalTrainSplitLoss() {
        return over(TrainingReport::finalTrainSplitLoss, false);
    }

    /** Over every seed that applied at least one update, diverged or not. */
    public Stat stepsPerSecond() {
        return over(SeedResult::stepsPerSecond, true);
    }

    /** Seeds that diverged. */
    public List<SeedResult> diverged() {
        return seeds.stream().filter(SeedResult::diverged).toList();
    }

    /** The summary as nested maps and lists (NaN written as null), ready for a JSON writer. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", spec.optimizer().name());
        m.put("hyperParameters", spec.hyperParameters().asMap());
        m.put("steps", spec.steps());
        m.put("batchSize", spec.batchSize());
        m.put("seeds", spec.seeds());
        m.put("evalEvery", spec.evalEvery());
        m.put("trainLossWindow", trainLossWindow());
        m.put("finalTrainLoss", finalTrainLoss().toMap());
        m.put("finalTestLoss", finalTestLoss().toMap());
        m.put("finalTestAccuracy", finalTestAccuracy().toMap());
        m.put("evalTrainSamples", spec.evalTrainSamples());
        m.put("finalTrainSplitLoss", finalTrainSplitLoss().toMap());
        m.put("stepsPerSecond", stepsPerSecond().toMap());
        m.put("peakResidentMemoryMiB", peakResidentBytes < 0 ? null : peakResidentBytes / (1024.0 * 1024.0));
        List<Object> diverged = new ArrayList<>();
        for (SeedResult r : diverged()) {
            diverged.add(Map.of("seed", r.seed(), "step", r.divergedAtStep()));
        }
        m.put("diverged", diverged);
        List<Object> perSeed = new ArrayList<>();
        for (SeedResult r : seeds) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("seed", r.seed());
            s.put("updates", r.updates());
            s.put("divergedAtStep", r.diverged() ? r.divergedAtStep() : null);
            s.put("finalTrainLoss", finiteOrNull(finalTrainLoss(r)));
            s.put("finalTestLoss", finiteOrNull(finalTestLoss(r)));
            s.put("finalTestAccuracy", finiteOrNull(finalTestAccuracy(r)));
            s.put("finalTrainSplitLoss", finiteOrNull(finalTrainSplitLoss(r)));
            s.put("stepsPerSecond", finiteOrNull(r.stepsPerSecond()));
            s.put("savedParams", r.savedParams() == null ? null : r.savedParams().toString());
            perSeed.add(s);
        }
        m.put("perSeed", perSeed);
        return m;
    }

    static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
