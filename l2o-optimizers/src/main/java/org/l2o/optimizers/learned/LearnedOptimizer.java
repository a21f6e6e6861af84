package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDList;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * A learned optimizer architecture as a plugin. Used by name it is the untrained network with
 * meta-parameters drawn from {@code init-seed} (the starting point of meta-training); a
 * meta-trained one is loaded from a file as a {@link TrainedOptimizer}.
 */
public abstract class LearnedOptimizer implements Optimizer {

    /** The network for these hyperparameters. */
    public abstract LearnedNetwork network(HyperParameters hyperParameters);

    /** The meta-training recipe of the architecture's paper. */
    public abstract MetaRecipe recipe();

    /**
     * The meta-gradient meta-training uses unless told otherwise: first order here; architectures
     * whose state can be restored for exact meta-gradients may choose {@link MetaGradient#EXACT}.
     */
    public MetaGradient defaultMetaGradient() {
        return MetaGradient.FIRST_ORDER;
    }

    @Override
    public UpdateRule create(HyperParameters hyperParameters, NDList parameters) {
        LearnedNetwork net = network(hyperParameters);
        return new LearnedUpdateRule(net, net.initialize(hyperParameters.getLong("init-seed")), parameters);
    }
}
