package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;
import org.l2o.api.Batch;
import org.l2o.api.LabeledData;
import org.l2o.api.NDLists;
import org.l2o.api.Objective;
import org.l2o.api.SplitEvaluation;

/**
 * A task whose minibatches come from a function; what {@link TaskSampler}'s factories return.
 *
 * @param data the samples the minibatches are drawn from, null for a data-free objective
 */
record SampledTask(Objective objective, NDList initialParameters, Function<NDManager, Batch> batches,
        LabeledData data) implements Task {

    /** Samples per forward pass of {@link #dataLoss}: bounds its memory, not its result. */
    private static final int CHUNK = 1000;

    @Override
    public Batch nextBatch(NDManager manager) {
        return batches.apply(manager);
    }

    @Override
    public double dataLoss(NDList params, int maxSamples, NDManager manager) {
        if (data == null) {
            try (NDManager scope = manager.newSubManager()) {
                return SplitEvaluation.scalar(objective.loss(NDLists.copy(scope, params), Batch.empty()));
            }
        }
        return SplitEvaluation.over(objective, params, data, maxSamples, CHUNK, false, manager).loss();
    }
}
