package org.l2o.optimizers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.l2o.api.Batch;
import org.l2o.api.BatchSampler;
import org.l2o.api.LabeledData;
import org.l2o.api.NDLists;
import org.l2o.api.Objective;
import org.l2o.api.SplitEvaluation;
import org.l2o.api.UpdateRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link org.l2o.api.Optimizer} on an {@link Objective} for a fixed number of steps, once
 * per seed: minibatches from the train split drawn by a {@link BatchSampler} seeded with the run's
 * seed, the minibatch loss recorded at every step, the test loss and accuracy every
 * {@code evalEvery} steps (and at step 0 and the last step).
 *
 * <p>A run whose loss becomes NaN or infinite stops at that step and is recorded as diverged;
 * the other seeds still run. Each step works inside its own {@link NDManager} sub-manager, and the
 * gradients are taken with respect to detached copies of the parameters (leaves that exist for
 * one step only), so native memory stays flat over long runs and the optimizer updates plain,
 * gradient-free arrays in place.
 *
 * <p>Not thread-safe: DJL's gradient collector is a process-wide singleton, so one harness runs
 * at a time per process.
 */
public final class TrainingHarness {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingHarness.class);

    private final TrainingListener listener;

    public TrainingHarness() {
        this(TrainingListener.NONE);
    }

    public TrainingHarness(TrainingListener listener) {
        this.listener = listener;
    }

    /** Runs every seed of {@code spec} in order. */
    public TrainingReport run(TrainingSpec spec) throws IOException {
        List<SeedResult> results = new ArrayList<>();
        for (long seed : spec.seeds()) {
            results.add(runSeed(spec, seed));
        }
        return new TrainingReport(spec, results, ResidentMemory.peakBytes().orElse(-1));
    }

    /** Runs one seed. */
    public SeedResult runSeed(TrainingSpec spec, long seed) throws IOException {
        Objective objective = spec.objective();
        listener.seedStarted(seed, spec.steps());
        try (NDManager root = NDManager.newBaseManager()) {
            NDList params = initialParameters(spec, objective, root, seed);
            LabeledData train = spec.data().map(d -> d.train()).orElse(null);
            BatchSampler sampler = train == null ? null : new BatchSampler(train.size(), spec.batchSize(), seed);
            // The train split lives in native memory for the whole seed: a minibatch is then one
            // gather instead of a copy of its features through the Java heap and a direct buffer.
            Batch resident = train == null ? null : train.range(root, 0, train.size());
            float[] losses = new float[spec.steps()];
            List<EvalPoint> evals = new ArrayList<>();
            int diverged = -1;
            int done = 0;
            long trainNanos = 0;
            evals.add(evaluate(spec, objective, params, root, 0));
            listener.evaluated(seed, evals.get(0));
            try (UpdateRule rule = spec.optimizer().create(spec.hyperParameters(), params)) {
                for (int step = 1; step <= spec.steps(); step++) {
                    long start = System.nanoTime();
                    double loss = step(objective, params, rule, root, resident, sampler);
                    trainNanos += System.nanoTime() - start;
                    losses[step - 1] = (float) loss;
                    done = step;
                    if (!Double.isFinite(loss)) {
                        diverged = step;
                        LOG.warn("seed {} diverged at step {}: loss {}", seed, step, loss);
                        break;
                    }
                    listener.stepDone(seed, step, loss);
                    if (step % spec.evalEvery() == 0 || step == spec.steps()) {
                        EvalPoint point = evaluate(spec, objective, params, root, step);
                        evals.add(point);
                        listener.evaluated(seed, point);
                    }
                }
            }
            Path saved = null;
            Optional<Path> target = spec.saveParamsFor(seed);
            if (target.isPresent()) {
                if (diverged >= 0) {
                    LOG.warn("seed {} diverged; its parameters are not saved to {}", seed, target.get());
                } else {
                    NpzParameters.save(target.get(), objective.parameters(), params);
                    saved = target.get();
                }
            }
            SeedResult result = new SeedResult(seed, Arrays.copyOf(losses, done), evals, diverged,
                    trainNanos / 1e9, saved);
            listener.seedFinished(result);
            return result;
        }
    }

    private static NDList initialParameters(TrainingSpec spec, Objective objective, NDManager root, long seed)
            throws IOException {
        NDList init = objective.initialize(root, seed);
        List<Objective.ParameterSpec> specs = objective.parameters();
        if (init.size() != specs.size()) {
            throw new IllegalStateException("objective initialized " + init.size() + " arrays but declares "
                    + specs.size() + " parameters");
        }
        if (spec.initParams().isEmpty()) {
            return init;
        }
        DataType type = init.get(0).getDataType();
        init.close();
        return NpzParameters.load(spec.initParams().get(), specs, root, type);
    }

    /** One training step; returns the minibatch loss (non-finite: nothing was updated). */
    private static double step(Objective objective, NDList params, UpdateRule rule, NDManager root,
            Batch train, BatchSampler sampler) {
        try (NDManager scope = root.newSubManager()) {
            Batch batch = train == null ? Batch.empty() : gather(scope, train, sampler.next());
            NDList leaves = new NDList(params.size());
            for (NDArray p : params) {
                NDArray leaf = p.duplicate();
                leaf.attach(scope);
                leaf.setRequiresGradient(true);
                leaves.add(leaf);
            }
            NDArray loss;
            try (GradientCollector collector = root.getEngine().newGradientCollector()) {
                loss = objective.loss(leaves, batch);
                collector.backward(loss);
            }
            double value = SplitEvaluation.scalar(loss);
            if (!Double.isFinite(value)) {
                return value;
            }
            NDList grads = new NDList(leaves.size());
            for (int i = 0; i < leaves.size(); i++) {
                NDArray g = leaves.get(i).getGradient();
                if (g == null) {
                    throw new IllegalStateException("the loss does not depend on parameter '"
                            + objective.parameters().get(i).name() + "'");
                }
                grads.add(g);
            }
            rule.step(params, grads, value);
            return value;
        }
    }

    /** The rows {@code indices} of a resident split, owned by {@code scope}. */
    private static Batch gather(NDManager scope, Batch all, int[] indices) {
        long[] idx = new long[indices.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = indices[i];
        }
        NDArray index = scope.create(idx);
        NDArray inputs = all.inputs().get(index);
        NDArray labels = all.labels().get(index);
        inputs.attach(scope);
        labels.attach(scope);
        return new Batch(inputs, labels);
    }

    /**
     * Mean test loss and accuracy over the first evalSamples test samples, and the mean loss over
     * the first evalTrainSamples train samples when asked for.
     */
    private static EvalPoint evaluate(TrainingSpec spec, Objective objective, NDList params, NDManager root, int step) {
        if (spec.data().isEmpty()) {
            try (NDManager scope = root.newSubManager()) {
                NDList view = NDLists.copy(scope, params);
                double loss = SplitEvaluation.scalar(objective.loss(view, Batch.empty()));
                double accuracy = objective.accuracy(view, Batch.empty());
                // without data the objective is the same function on both "splits"
                return new EvalPoint(step, loss, accuracy, ResidentMemory.currentBytes().orElse(-1),
                        spec.evalTrainSamples() > 0 ? loss : Double.NaN);
            }
        }
        LabeledData test = spec.data().get().test();
        SplitEvaluation.Means onTest = SplitEvaluation.over(objective, params, test,
                spec.evalSamples() == 0 ? test.size() : spec.evalSamples(), spec.evalBatchSize(), true, root);
        double trainSplitLoss = Double.NaN;
        if (spec.evalTrainSamples() > 0) {
            trainSplitLoss = SplitEvaluation.over(objective, params, spec.data().get().train(),
                    spec.trainSplitSamples(), spec.evalBatchSize(), false, root).loss();
        }
        return new EvalPoint(step, onTest.loss(), onTest.accuracy(), ResidentMemory.currentBytes().orElse(-1),
                trainSplitLoss);
    }
}
