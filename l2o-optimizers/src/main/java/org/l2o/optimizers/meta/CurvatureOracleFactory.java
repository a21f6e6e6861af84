package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.l2o.api.Batch;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.Objective;

/**
 * Builds the {@link CurvatureOracle} through which a regularizer sees the loss at θ_T, e.g.
 * {@code ObjectiveCurvatureOracle::new} from {@code l2o-regularizers}. It is called with no
 * gradient collector open, so the oracle may open its own.
 */
@FunctionalInterface
public interface CurvatureOracleFactory {

    /**
     * @param objective the optimizee's loss
     * @param theta θ_T, detached from the meta-graph; the oracle must not modify it
     * @param batch the minibatch the curvature is measured on
     * @param manager owns what the oracle returns; closed by the caller after the evaluation
     */
    CurvatureOracle create(Objective objective, NDList theta, Batch batch, NDManager manager);
}
