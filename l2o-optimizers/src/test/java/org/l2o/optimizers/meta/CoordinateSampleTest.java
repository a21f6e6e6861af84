package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.l2o.api.Batch;
import org.l2o.optimizers.learned.DmNetwork;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe;
import org.l2o.optimizers.learned.MetaRecipe.MetaLoss;
import org.l2o.optimizers.learned.MetaRecipe.MetaOptimizerKind;
import org.l2o.optimizers.learned.ScaleNetwork;

/** The coordinate sample on its own, and the sampled meta-gradient against the exact one. */
class CoordinateSampleTest {

    private static final int T = 4;
    private final DmNetwork network = new DmNetwork("l2o-dm", 5, 5.0, 0.1);

    @Test
    void smallTensorsStayWholeAndLargeOnesAreSampledWithTheirWeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Shape> shapes = List.of(new Shape(10, 10), new Shape(5));
            CoordinateSample s = CoordinateSample.draw(shapes, 0.1, 8, new SplittableRandom(3), m);
            assertEquals(105, s.size());
            assertEquals(10 + 5, s.sampled(), "10% of the 100-entry tensor, all of the 5-entry one");
            float[] w = s.weights().toFloatArray();
            for (int i = 0; i < 10; i++) {
                assertEquals(10f, w[i], "weight n/m of the sampled tensor");
            }
            for (int i = 10; i < 15; i++) {
                assertEquals(1f, w[i], "a whole tensor has weight 1");
            }
            float[] values = new float[105];
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
            NDArray column = m.create(values, new Shape(105, 1));
            float[] picked = s.sampledRows(column).toFloatArray();
            Set<Float> distinct = new HashSet<>();
            for (int i = 0; i < picked.length; i++) {
                distinct.add(picked[i]);
                assertTrue(i < 10 ? picked[i] < 100 : picked[i] >= 100, "row " + i + " comes from its tensor");
            }
            assertEquals(15, distinct.size(), "sampled without replacement");
            assertEquals(90, s.otherRows(column).size());
            assertArrayEquals(values, s.assemble(s.sampledRows(column), s.otherRows(column)).toFloatArray(),
                    "assemble puts every row back in layout order");
            assertEquals(new Shape(105, 1), s.assemble(s.sampledRows(column), s.otherRows(column)).getShape());
        }
    }

    @Test
    void aFullSampleHasNoOtherRowsAndBadSettingsAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            CoordinateSample s = CoordinateSample.draw(List.of(new Shape(6)), 0.5, 6, new SplittableRandom(1), m);
            assertEquals(6, s.sampled());
            assertNull(s.otherRows(m.zeros(new Shape(6, 1))));
            assertThrows(IllegalArgumentException.class,
                    () -> CoordinateSample.draw(List.of(new Shape(6)), 0, 1, new SplittableRandom(1), m));
        }
        MetaParameters phi = network.initialize(1);
        MetaTrainer t = trainer(new TestObjectives.Quadratic(6, 5), phi, 7);
        assertThrows(IllegalArgumentException.class, () -> t.coordinateSample(1.5, 0));
        ScaleNetwork scale = new ScaleNetwork("l2o-scale", 3, 4, 2, 1e-2);
        MetaParameters sp = scale.initialize(1);
        MetaTrainer st = new MetaTrainer(scale, sp, new MetaOptimizer(MetaOptimizerKind.RMSPROP, 1e-4, sp),
                fixedTask(new TestObjectives.Quadratic(6, 5), 7), recipe(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> st.coordinateSample(0.5, 0));
        assertTrue(e.getMessage().contains("l2o-scale is not coordinatewise"), e.getMessage());
    }

    /** Every coordinate sampled, in a random order: the same meta-gradient as the exact path. */
    @Test
    void samplingEveryCoordinateGivesTheExactMetaGradient() {
        TestObjectives.Quadratic q = new TestObjectives.Quadratic(6, 5);
        MetaParameters a = network.initialize(3);
        MetaParameters b = a.copy();
        MetaTrainer exact = trainer(q, a, 7);
        MetaTrainer sampled = trainer(q, b, 7).coordinateSample(0.5, 6);
        exact.trainEpoch(0);
        sampled.trainEpoch(0);
        double scale = norm(exact.lastMetaGradient());
        assertTrue(scale > 0, "a zero meta-gradient tests nothing");
        assertTrue(distance(exact.lastMetaGradient(), sampled.lastMetaGradient()) <= 1e-5 * scale);
    }

    /**
     * A quarter of the coordinates tracked, the rest stepping untracked: one estimate is off, the mean
     * of many (the same task and φ, fresh samples) converges to the exact meta-gradient, and the losses
     * along the path are those of the exact run. Fails if the untracked coordinates did not step or if
     * the weights were wrong (the mean would be scaled).
     */
    @Test
    void sampledMetaGradientIsUnbiased() {
        TestObjectives.Quadratic q = new TestObjectives.Quadratic(40, 11);
        MetaParameters phi = network.initialize(3);
        MetaParameters phi0 = phi.copy();
        MetaTrainer exact = trainer(q, phi, 7);
        EpochResult path = exact.trainEpoch(0);
        List<float[]> truth = exact.lastMetaGradient();
        double scale = norm(truth);
        assertTrue(scale > 0);

        phi.setFrom(phi0);
        MetaTrainer sampled = trainer(q, phi, 7).coordinateSample(0.25, 0);
        int draws = 400;
        List<double[]> sum = new ArrayList<>();
        for (float[] g : truth) {
            sum.add(new double[g.length]);
        }
        double firstError = Double.NaN;
        for (int e = 0; e < draws; e++) {
            EpochResult r = sampled.trainEpoch(e);
            // the sample only chooses what is tracked: every coordinate takes the same steps
            assertEquals(path.finalLoss(), r.finalLoss(), 1e-6 * path.finalLoss(), "final loss of draw " + e);
            assertEquals(path.meanLoss(), r.meanLoss(), 1e-6 * path.meanLoss(), "mean loss of draw " + e);
            List<float[]> g = sampled.lastMetaGradient();
            if (e == 0) {
                firstError = distance(truth, g) / scale;
            }
            for (int i = 0; i < g.size(); i++) {
                for (int j = 0; j < g.get(i).length; j++) {
                    sum.get(i)[j] += g.get(i)[j] / draws;
                }
            }
            phi.setFrom(phi0);
        }
        List<float[]> mean = new ArrayList<>();
        for (double[] s : sum) {
            float[] f = new float[s.length];
            for (int j = 0; j < s.length; j++) {
                f[j] = (float) s[j];
            }
            mean.add(f);
        }
        double meanError = distance(truth, mean) / scale;
        assertTrue(firstError > 0.1, "one sample of 10 of 40 coordinates is not exact: relative error " + firstError);
        assertTrue(meanError < 0.1, "the mean of " + draws + " samples: relative error " + meanError
                + " (one sample: " + firstError + ")");
    }

    private MetaRecipe recipe() {
        return new MetaRecipe(T, T, MetaLoss.SUM, MetaOptimizerKind.ADAM, 1e-3, 1e30, false);
    }

    private MetaTrainer trainer(TestObjectives.Quadratic q, MetaParameters phi, long initSeed) {
        return new MetaTrainer(network, phi, new MetaOptimizer(MetaOptimizerKind.ADAM, 1e-3, phi),
                fixedTask(q, initSeed), recipe(), 42);
    }

    /** The same optimizee start every epoch, so that only the coordinate sample varies. */
    private static TaskSampler fixedTask(TestObjectives.Quadratic q, long initSeed) {
        return (manager, seed) -> new SampledTask(q, q.initialize(manager, initSeed), m -> Batch.empty(), null);
    }

    private static double norm(List<float[]> g) {
        double s = 0;
        for (float[] a : g) {
            for (float x : a) {
                s += (double) x * x;
            }
        }
        return Math.sqrt(s);
    }

    private static double distance(List<float[]> a, List<float[]> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                double d = a.get(i)[j] - b.get(i)[j];
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }
}
