package org.l2o.optimizers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * Test objective without data: ½·a·‖θ‖² in {@code dim} dimensions, so SGD multiplies θ by
 * (1 − lr·a) per step. Seed s starts at θ = (s − 1)·1, so seed 1 starts at the minimum.
 */
final class Quadratic implements Objective {

    private final int dim;
    private final float curvature;

    Quadratic(int dim, float curvature) {
        this.dim = dim;
        this.curvature = curvature;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(new ParameterSpec("theta", new Shape(dim)));
    }

    @Override
    public NDList initialize(NDManager manager, long seed) {
        return new NDList(manager.ones(new Shape(dim)).muli(seed - 1));
    }

    @Override
    public NDArray loss(NDList p, Batch batch) {
        return p.get(0).square().sum().mul(0.5f * curvature);
    }
}
