package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.l2o.api.Batch;
import org.l2o.api.BatchSampler;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;

/**
 * Draws fresh optimizee instances: equal seeds give equal tasks (initial parameters and batch
 * order). Implementations are stateless and thread-safe.
 */
public interface TaskSampler {

    /**
     * @param manager owns the task's arrays
     * @param seed fixes the initial parameters and the batch sequence
     */
    Task sample(NDManager manager, long seed);

    /**
     * Tasks of one objective on labelled data: θ_0 from {@link Objective#initialize}, minibatches
     * from a {@link BatchSampler} seeded with the same seed.
     *
     * @param objective the loss
     * @param train the data to draw minibatches from
     * @param batchSize samples per minibatch
     */
    static TaskSampler of(Objective objective, LabeledData train, int batchSize) {
        return (manager, seed) -> {
            NDList theta = objective.initialize(manager, seed);
            BatchSampler batches = new BatchSampler(train.size(), batchSize, seed);
            return new SampledTask(objective, theta, m -> train.batch(m, batches.next()), train);
        };
    }

    /** Tasks of an objective that takes no data (a quadratic, Rosenbrock): fresh θ_0 per seed. */
    static TaskSampler dataFree(Objective objective) {
        return (manager, seed) -> new SampledTask(objective, objective.initialize(manager, seed), m -> Batch.empty(),
                null);
    }
}
