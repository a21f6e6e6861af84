package org.l2o.optimizers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A learned optimizer trains a DJL Block inside a standard Trainer. */
class LearnedDjlOptimizerTest {

    /**
     * Meta-parameters that make the L2O-DM network a sign-descent rule, Δ ≈ −0.0076·sign(g):
     * gates saturated open (input, output) or shut (forget), the candidate fed the sign feature
     * (layer 1) or the matching unit (layer 2), and the output averaging the units negatively.
     */
    static MetaParameters signDescent(DmNetwork net) {
        int h = net.hidden();
        MetaParameters p = MetaParameters.zeros(net.parameterSpecs());
        float[] w1 = p.values("lstm1.weight");
        float[] w2 = p.values("lstm2.weight");
        int rows1 = 3 + h;
        int rows2 = 2 * h + 1;
        for (int u = 0; u < h; u++) {
            w1[(0 * rows1 + 2) * h + u] = 10;
            w1[(1 * rows1 + 2) * h + u] = -10;
            w1[(2 * rows1 + 2) * h + u] = 10;
            w1[(3 * rows1 + 1) * h + u] = 10;
            w2[(0 * rows2 + h) * h + u] = 10;
            w2[(1 * rows2 + h) * h + u] = -10;
            w2[(2 * rows2 + h) * h + u] = 10;
            w2[(3 * rows2 + u) * h + u] = 10;
            p.values("output.weight")[u] = -1f / h;
        }
        return p;
    }

    @Test
    void trainsALinearBlockInADjlTrainerAndZeroesGradients() {
        DmNetwork net = new DmNetwork("l2o-dm", 8, 5, 0.01);
        LearnedDjlOptimizer optimizer = LearnedDjlOptimizer.builder().setNetwork(net, signDescent(net)).build();
        SplittableRandom r = new SplittableRandom(4);
        int n = 64;
        float[] x = new float[n * 3];
        float[] y = new float[n];
        float[] w = {0.5f, -0.3f, 0.2f};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) r.nextGaussian();
                y[i] += w[j] * x[i * 3 + j];
            }
            y[i] += 0.1f;
        }
        try (Model model = Model.newInstance("tiny")) {
            model.setBlock(Linear.builder().setUnits(1).build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer)
                    .optInitializer(Initializer.ZEROS, ai.djl.nn.Parameter.Type.WEIGHT);
            try (Trainer trainer = model.newTrainer(config); NDManager m = NDManager.newBaseManager()) {
                trainer.initialize(new Shape(n, 3));
                NDArray xs = m.create(x, new Shape(n, 3));
                NDArray ys = m.create(y, new Shape(n, 1));
                double first = Double.NaN;
                double last = Double.NaN;
                for (int step = 0; step < 150; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(xs)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(ys), new NDList(pred));
                        gc.backward(loss);
                        last = loss.getFloat();
                        if (step == 0) {
                            first = last;
                        }
                    }
                    trainer.step();
                }
                assertTrue(last < 0.05 * first, "loss fell from " + first + " to " + last);
                for (Pair<String, ai.djl.nn.Parameter> p : model.getBlock().getParameters()) {
                    NDArray g = p.getValue().getArray().getGradient();
                    assertArrayEquals(new float[Math.toIntExact(g.size())], g.toFloatArray(), "gradient of " + p.getKey());
                }
            }
        }
    }
}
