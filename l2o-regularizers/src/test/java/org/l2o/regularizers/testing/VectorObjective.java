package org.l2o.regularizers.testing;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.l2o.api.Objective;

/** A test objective over one parameter vector {@code theta}, started from N(0, 1) draws. */
abstract class VectorObjective implements Objective {

    /** The length of {@code theta}. */
    abstract int dim();

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(new ParameterSpec("theta", new Shape(dim())));
    }

    @Override
    public NDList initialize(NDManager manager, long seed) {
        Random random = new Random(seed);
        float[] x = new float[dim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new NDList(manager.create(x));
    }
}
