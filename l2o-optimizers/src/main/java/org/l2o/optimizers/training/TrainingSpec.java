package org.l2o.optimizers.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.l2o.api.DataSplits;
import org.l2o.api.HyperParameters;
import org.l2o.api.Objective;
import org.l2o.api.Optimizer;

/**
 * Everything one {@link TrainingHarness} run needs. Build with {@link #builder()}: {@code set*}
 * for required settings, {@code opt*} for optional ones (DJL's convention).
 *
 * @param optimizer the optimizer plugin
 * @param hyperParameters its hyperparameter values
 * @param objective the optimizee's objective
 * @param data the train and test split, empty for objectives that take no data
 * @param steps number of updates per seed
 * @param batchSize samples per training minibatch
 * @param seeds one run per seed; each seeds the initialization and the batch order
 * @param evalEvery evaluate on the test split every this many steps (and at step 0 and the end)
 * @param evalSamples evaluate on the first this many test samples, 0 for all
 * @param evalBatchSize samples per evaluation forward pass (bounds memory, not results)
 * @param evalTrainSamples at each evaluation also the loss over the first this many train samples (all of
 *     them when the split is smaller), the full-data training loss a minibatch only estimates; 0 = off
 * @param initParams an .npz file of initial parameters for every seed, instead of the objective's initialization
 * @param saveParams where to save each seed's final parameters (see {@link #saveParamsFor(long)})
 */
public record TrainingSpec(
        Optimizer optimizer,
        HyperParameters hyperParameters,
        Objective objective,
        Optional<DataSplits> data,
        int steps,
        int batchSize,
        List<Long> seeds,
        int evalEvery,
        int evalSamples,
        int evalBatchSize,
        int evalTrainSamples,
        Optional<Path> initParams,
        Optional<Path> saveParams) {

    public TrainingSpec {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(hyperParameters, "hyperParameters");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(data, "data");
        seeds = List.copyOf(seeds);
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed is needed");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("seeds repeat: " + seeds);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("eval-every must be at least 1, got " + evalEvery);
        }
        if (evalSamples < 0) {
            throw new IllegalArgumentException("eval-samples must be 0 (all) or positive, got " + evalSamples);
        }
        if (evalBatchSize < 1) {
            throw new IllegalArgumentException("eval batch size must be at least 1, got " + evalBatchSize);
        }
        if (evalTrainSamples < 0) {
            throw new IllegalArgumentException("eval-train-samples must be 0 (off) or positive, got " + evalTrainSamples);
        }
        Objects.requireNonNull(initParams, "initParams");
        Objects.requireNonNull(saveParams, "saveParams");
    }

    /**
     * The file for one seed's final parameters: the {@code saveParams} path itself when there is
     * one seed, else with {@code -seed<N>} inserted before the extension
     * ({@code out.npz} → {@code out-seed3.npz}).
     */
    public Optional<Path> saveParamsFor(long seed) {
        if (saveParams.isEmpty() || seeds.size() == 1) {
            return saveParams;
        }
        Path p = saveParams.get();
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return Optional.of(p.resolveSibling(stem + "-seed" + seed + ext));
    }

    /** How many train samples an evaluation covers: evalTrainSamples capped at the split's size (0 = off). */
    public int trainSplitSamples() {
        return data.map(d -> Math.min(d.train().size(), evalTrainSamples)).orElse(evalTrainSamples);
    }

    /** A copy with other optimizer hyperparameters (for sweeps). */
    public TrainingSpec withHyperParameters(HyperParameters values) {
        return new TrainingSpec(optimizer, values, objective, data, steps, batchSize, seeds, evalEvery,
                evalSamples, evalBatchSize, evalTrainSamples, initParams, saveParams);
    }

    /** A copy that saves nothing (for sweeps). */
    public TrainingSpec withoutSaving() {
        return new TrainingSpec(optimizer, hyperParameters, objective, data, steps, batchSize, seeds, evalEvery,
                evalSamples, evalBatchSize, evalTrainSamples, initParams, Optional.empty());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainingSpec}; defaults: batch 128, seed 1, eval every 100, all test samples. */
    public static final class Builder {
        private Optimizer optimizer;
        private HyperParameters hyperParameters;
        private Objective objective;
        private DataSplits data;
        private int steps = -1;
        private int batchSize = 128;
        private List<Long> seeds = List.of(1L);
        private int evalEvery = 100;
        private int evalSamples;
        private int evalBatchSize = 1000;
        private int evalTrainSamples;
        private Path initParams;
        private Path saveParams;

        private Builder() {}

        /** The optimizer and its values; {@code null} values mean its defaults. */
        public Builder setOptimizer(Optimizer optimizer, HyperParameters values) {
            this.optimizer = optimizer;
            this.hyperParameters = values == null ? optimizer.defaults() : values;
            return this;
        }

        public Builder setObjective(Objective objective) {
            this.objective = objective;
            return this;
        }

        public Builder setSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Train and test data; leave unset for objectives that take no data. */
        public Builder optData(DataSplits data) {
            this.data = data;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optSeeds(List<Long> seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder optEvalEvery(int evalEvery) {
            this.evalEvery = evalEvery;
            return this;
        }

        public Builder optEvalSamples(int evalSamples) {
            this.evalSamples = evalSamples;
            return this;
        }

        public Builder optEvalBatchSize(int evalBatchSize) {
            this.evalBatchSize = evalBatchSize;
            return this;
        }

        /** Also evaluate the loss on the first N train samples at each evaluation; 0 (default) = off. */
        public Builder optEvalTrainSamples(int evalTrainSamples) {
            this.evalTrainSamples = evalTrainSamples;
            return this;
        }

        public Builder optInitParams(Path file) {
            this.initParams = file;
            return this;
        }

        public Builder optSaveParams(Path file) {
            this.saveParams = file;
            return this;
        }

        public TrainingSpec build() {
            if (optimizer == null) {
                throw new IllegalArgumentException("no optimizer set");
            }
            return new TrainingSpec(optimizer, hyperParameters, objective, Optional.ofNullable(data), steps, batchSize,
                    seeds, evalEvery, evalSamples, evalBatchSize, evalTrainSamples, Optional.ofNullable(initParams),
                    Optional.ofNullable(saveParams));
        }
    }
}
