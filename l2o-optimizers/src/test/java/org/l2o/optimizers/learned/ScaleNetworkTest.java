package org.l2o.optimizers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The L2O-Scale hierarchy: modes agree, tensors see their own tensor state, memory stays flat. */
class ScaleNetworkTest {

    private final ScaleNetwork net = new ScaleNetwork("l2o-scale", 4, 5, 3, 1e-2);
    private final List<Shape> layout = List.of(new Shape(3, 2), new Shape(4));

    private static float[] gradient(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(4)));
        }
        return g;
    }

    @Test
    void trainingAndInferenceModesAgreeOverSeveralSteps() {
        MetaParameters phi = net.initialize(2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList pt = phi.toNDList(m, false);
            NDList pi = phi.toNDList(m, false);
            NDManager stateManager = m.newSubManager();
            LearnedNetwork.State train = net.initialState(m, layout);
            LearnedNetwork.State infer = net.initialState(stateManager, layout);
            int arrays = stateManager.getManagedArrays().size();
            for (int step = 0; step < 4; step++) {
                float[] g = gradient(step, 10);
                float[] a = net.step(pt, train, m.create(g, new Shape(10, 1)), 1.0, LearnedNetwork.Mode.TRAINING)
                        .toFloatArray();
                float[] b;
                try (NDManager tmp = stateManager.newSubManager()) {
                    b = net.step(pi, infer, tmp.create(g, new Shape(10, 1)), 1.0, LearnedNetwork.Mode.INFERENCE)
                            .toFloatArray();
                }
                assertArrayEquals(a, b, 1e-6f, "step " + step);
                for (float x : a) {
                    assertTrue(Float.isFinite(x));
                }
            }
            assertEquals(arrays, stateManager.getManagedArrays().size(), "inference keeps a fixed set of state arrays");
        }
    }

    @Test
    void updatesAreSmallAtInitializationAndDependOnTheTensor() {
        MetaParameters phi = net.initialize(5);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList p = phi.toNDList(m, false);
            LearnedNetwork.State s = net.initialState(m, layout);
            float[] g = new float[10];
            java.util.Arrays.fill(g, 0.5f);
            g[5] = -20f; // one outlier in the first tensor changes that tensor's state only
            float[] d = null;
            for (int step = 0; step < 3; step++) {
                d = net.step(p, s, m.create(g, new Shape(10, 1)), 1.0, LearnedNetwork.Mode.TRAINING).toFloatArray();
            }
            for (float x : d) {
                assertTrue(Math.abs(x) < 0.05, "exp(η)·d starts near 0.01·small: " + x);
            }
            // coordinates 0 and 6 see the same gradients; only their tensors (and so tensor states) differ
            assertEquals(d[0], d[4], 1e-9f);
            assertEquals(d[6], d[9], 1e-9f);
            assertTrue(Math.abs(d[0] - d[6]) > 1e-3 * Math.abs(d[6]), "the tensor level makes them differ: "
                    + d[0] + " vs " + d[6]);
        }
    }

    @Test
    void pluginRecipeIsTheScalePaperRecipe() {
        L2oScale scale = new L2oScale();
        MetaRecipe r = scale.recipe();
        assertEquals(MetaRecipe.MetaLoss.MEAN_LOG_RELATIVE, r.metaLoss());
        assertEquals(MetaRecipe.MetaOptimizerKind.RMSPROP, r.metaOptimizer());
        assertTrue(r.heavyTailedUnrolls());
        assertEquals(net.parameterSpecs().size(), scale.network(scale.defaults()).parameterSpecs().size());
    }
}
