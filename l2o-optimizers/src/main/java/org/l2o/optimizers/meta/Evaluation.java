package org.l2o.optimizers.meta;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.l2o.api.Batch;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.SplitEvaluation;
import org.l2o.api.UpdateRule;

/**
 * Runs an optimizer (learned or analytical) for a fixed horizon on fresh tasks and reports the
 * mean training loss along the trajectory and at the end: the validation of meta-training and
 * the comparison with hand-designed optimizers.
 */
public final class Evaluation {

    /**
     * @param meanLoss mean over seeds of the mean minibatch loss over steps 1..horizon
     * @param lastUnrollLoss mean over seeds of the mean minibatch loss over the last {@code tail} steps
     * @param finalLoss mean over seeds of the loss after the last step
     * @param trainSplitLoss mean over seeds of the loss over the task's training data after the last step
     *     (see {@link Task#dataLoss}), NaN when not asked for
     * @param diverged runs whose loss became non-finite (they count as +∞)
     */
    public record Result(double meanLoss, double lastUnrollLoss, double finalLoss, double trainSplitLoss,
            int diverged) {}

    private Evaluation() {}

    /**
     * @param optimizer the optimizer
     * @param values its hyperparameters
     * @param tasks draws the optimizees
     * @param horizon steps per run
     * @param tail the steps at the end of each run that {@link Result#lastUnrollLoss} averages (clamped to the horizon)
     * @param seeds one run per seed
     */
    public static Result run(Optimizer optimizer, HyperParameters values, TaskSampler tasks, int horizon, int tail,
            long[] seeds) {
        return run(optimizer, values, tasks, horizon, tail, 0, seeds);
    }

    /**
     * As {@link #run(Optimizer, HyperParameters, TaskSampler, int, int, long[])}, and also the loss over the
     * first {@code trainSplitSamples} samples of each task's training data after the last step.
     *
     * @param trainSplitSamples samples for {@link Result#trainSplitLoss} (0: not computed, NaN)
     */
    public static Result run(Optimizer optimizer, HyperParameters values, TaskSampler tasks, int horizon, int tail,
            int trainSplitSamples, long[] seeds) {
        if (horizon < 1 || tail < 1 || trainSplitSamples < 0) {
            throw new IllegalArgumentException("horizon and tail must be >= 1 and train-split samples >= 0, got "
                    + horizon + ", " + tail + ", " + trainSplitSamples);
        }
        int window = Math.min(tail, horizon);
        double[] sums = new double[4];
        int diverged = 0;
        for (long seed : seeds) {
            double[] r = runOne(optimizer, values, tasks, horizon, window, trainSplitSamples, seed);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += Double.isFinite(r[i]) ? r[i] : Double.POSITIVE_INFINITY;
            }
            if (!Double.isFinite(r[0])) {
                diverged++;
            }
        }
        int n = seeds.length;
        return new Result(sums[0] / n, sums[1] / n, sums[2] / n, trainSplitSamples > 0 ? sums[3] / n : Double.NaN,
                diverged);
    }

    /**
     * @return {mean loss over the horizon, mean over the last {@code window} steps, last loss, train-split loss
     *     after the last step (0 when not asked for)}; NaN if diverged
     */
    private static double[] runOne(Optimizer optimizer, HyperParameters values, TaskSampler tasks, int horizon,
            int window, int trainSplitSamples, long seed) {
        Engine engine = Engine.getInstance();
        try (NDManager manager = NDManager.newBaseManager(); Task task = tasks.sample(manager, seed)) {
            NDList params = task.initialParameters();
            double sum = 0;
            double tailSum = 0;
            double last = Double.NaN;
            try (UpdateRule rule = optimizer.create(values, params)) {
                double loss;
                NDList grads;
                for (int step = 0; step <= horizon; step++) {
                    try (NDManager stepManager = manager.newSubManager(); Batch batch = task.nextBatch(stepManager)) {
                        NDList leaves = new NDList(params.size());
                        for (NDArray p : params) {
                            NDArray leaf = p.stopGradient();
                            leaf.attach(stepManager);
                            leaf.setRequiresGradient(true);
                            leaves.add(leaf);
                        }
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray l = task.objective().loss(leaves, batch);
                            loss = SplitEvaluation.scalar(l);
                            collector.backward(l);
                        }
                        if (step > 0) {
                            sum += loss;
                            last = loss;
                            if (step > horizon - window) {
                                tailSum += loss;
                            }
                        }
                        if (!Double.isFinite(loss)) {
                            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
                        }
                        if (step == horizon) {
                            break;
                        }
                        grads = new NDList(leaves.size());
                        for (NDArray leaf : leaves) {
                            grads.add(leaf.getGradient());
                        }
                        rule.step(params, grads, loss);
                    }
                }
            }
            // params is θ after the last update: the minibatch loss of step `horizon` was taken there too
            double split = trainSplitSamples > 0 ? task.dataLoss(params, trainSplitSamples, manager) : 0;
            return new double[] {sum / horizon, tailSum / window, last, split};
        }
    }
}
