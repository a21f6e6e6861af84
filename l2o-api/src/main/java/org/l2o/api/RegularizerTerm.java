package org.l2o.api;

import ai.djl.ndarray.NDList;
import java.util.Random;

/**
 * One regularizer's penalty R(θ), evaluated through a {@link CurvatureOracle}.
 *
 * <p>Lifecycle: created by {@link Regularizer#create} once per meta-training run;
 * {@link #evaluate} is called from one thread at the end of unrolls; {@link #close} releases
 * any state. The meta-trainer treats the returned gradient as a constant and lets it reach the
 * optimizer's meta-parameters through θ only (chain rule), as the paper prescribes.
 */
public interface RegularizerTerm extends AutoCloseable {

    /**
     * The penalty and its gradient with respect to θ.
     *
     * @param value R(θ)
     * @param gradient ∇_θ R(θ), same layout as {@link CurvatureOracle#point()}, owned by the
     *     oracle's manager
     */
    record Value(double value, NDList gradient) {}

    /**
     * Evaluates R and ∇R at the oracle's point.
     *
     * @param oracle loss, gradients and Hessian-vector products at θ
     * @param random the source of probe vectors and noise, seeded by the caller
     */
    Value evaluate(CurvatureOracle oracle, Random random);

    @Override
    default void close() {}
}
