package org.l2o.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A loss as a pure function of a parameter list and a batch. Holds no parameters itself, so the
 * same objective serves many runs, optimizers and threads.
 */
public interface Objective {

    /**
     * One named parameter tensor.
     *
     * @param name a stable name, e.g. {@code "fc1.weight"}; also the array name in saved .npz files
     * @param shape its shape
     */
    record ParameterSpec(String name, Shape shape) {}

    /** The parameter layout, in the order of the lists this objective takes. */
    List<ParameterSpec> parameters();

    /** Total number of scalar parameters. */
    default long parameterCount() {
        return parameters().stream().mapToLong(p -> p.shape().size()).sum();
    }

    /**
     * Draws initial parameters.
     *
     * @param manager owns the returned arrays
     * @param seed the seed; equal seeds give equal parameters
     */
    NDList initialize(NDManager manager, long seed);

    /**
     * The mean loss on a batch as a scalar array, differentiable with respect to
     * {@code parameters} when they require gradients.
     */
    NDArray loss(NDList parameters, Batch batch);

    /** Fraction of the batch classified correctly, or NaN for objectives that do not classify. */
    default double accuracy(NDList parameters, Batch batch) {
        return Double.NaN;
    }
}
