package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.function.Function;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/** A task whose minibatches come from a function; what {@link TaskSampler}'s factories return. */
record SampledTask(Objective objective, NDList initialParameters, Function<NDManager, Batch> batches)
        implements Task {

    @Override
    public Batch nextBatch(NDManager manager) {
        return batches.apply(manager);
    }
}
