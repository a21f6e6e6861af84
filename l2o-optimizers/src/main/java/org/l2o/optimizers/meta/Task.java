package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * One optimizee instance for one meta-training epoch or evaluation run: an objective, its
 * initial parameters and a stream of minibatches. Lifecycle: made by {@link TaskSampler#sample},
 * used from one thread, closed at the end of the run.
 */
public interface Task extends AutoCloseable {

    Objective objective();

    /** θ_0, owned by the manager given to {@link TaskSampler#sample}. */
    NDList initialParameters();

    /** The next minibatch, owned by {@code manager}; {@link Batch#empty()} for data-free objectives. */
    Batch nextBatch(NDManager manager);

    /**
     * The mean loss at {@code params} over the first {@code maxSamples} samples of the data the
     * minibatches are drawn from (the objective itself when it takes no data): the training loss
     * that each minibatch loss only estimates.
     *
     * @param params the parameters, not changed
     * @param maxSamples how many samples at most
     * @param manager owns the temporaries, which are closed before returning
     */
    double dataLoss(NDList params, int maxSamples, NDManager manager);

    @Override
    default void close() {}
}
