package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.l2o.api.Batch;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.RegularizerTerm;
import org.l2o.optimizers.learned.DmNetwork;
import org.l2o.optimizers.learned.FlatLayout;
import org.l2o.optimizers.learned.LearnedNetwork;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe;
import org.l2o.optimizers.learned.Scalars;
import org.l2o.optimizers.learned.ScaleNetwork;
import org.l2o.optimizers.learned.MetaRecipe.MetaLoss;
import org.l2o.optimizers.learned.MetaRecipe.MetaOptimizerKind;

/**
 * The surrogate meta-gradient against the direct first-order meta-gradient (losses recorded in
 * the meta-graph), the regularizer hook, the non-finite guard and determinism.
 */
class MetaTrainerTest {

    private static final int N = 6;
    private static final int T = 4;
    private static final long SEED = 42;

    private final TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(N, 5);
    private final DmNetwork network = new DmNetwork("l2o-dm", 5, 5.0, 0.1);

    private MetaRecipe recipe(MetaLoss loss) {
        return new MetaRecipe(T, T, loss, MetaOptimizerKind.ADAM, 1e-3, 1e30, false);
    }

    private MetaTrainer trainer(MetaParameters phi, MetaLoss loss, long seed) {
        return new MetaTrainer(network, phi, new MetaOptimizer(MetaOptimizerKind.ADAM, 1e-3, phi),
                TaskSampler.dataFree(quadratic), recipe(loss), seed);
    }

    @ParameterizedTest
    @EnumSource(MetaLoss.class)
    void surrogateGradientEqualsTheDirectFirstOrderMetaGradient(MetaLoss loss) {
        MetaParameters phi = network.initialize(3);
        MetaParameters phi0 = phi.copy();
        MetaTrainer trainer = trainer(phi, loss, SEED);
        EpochResult r = trainer.trainEpoch(0);
        assertEquals(1, r.metaSteps());
        Direct direct = direct(phi0, loss, null, 0);
        assertClose(direct.gradient, trainer.lastMetaGradient());
        assertNotEquals(phi0, phi, "the meta-step changed φ");
    }

    @ParameterizedTest
    @EnumSource(MetaLoss.class)
    void secondDerivativesGiveTheExactMetaGradient(MetaLoss loss) {
        MetaParameters phi = scaledInit(3);
        MetaParameters phi0 = phi.copy();
        MetaTrainer trainer = trainer(phi, loss, SEED).secondDerivatives(true);
        EpochResult r = trainer.trainEpoch(0);
        assertEquals(1, r.metaSteps());
        List<float[]> exact = exact(phi0, loss);
        List<float[]> got = trainer.lastMetaGradient();
        double scale = maxAbs(exact);
        // measured: within 1e-7 of the scale (float32 round-off of the central differences)
        assertTrue(maxDiff(exact, got) <= 1e-5 * scale, "max difference " + maxDiff(exact, got) + " vs " + scale);
        // the first-order gradient misses by ~4e-3 of the scale here: the tolerance above can tell them apart
        double firstOrderError = maxDiff(exact, direct(phi0, loss, null, 0).gradient);
        assertTrue(firstOrderError > 1e-3 * scale, "first-order error " + firstOrderError + " vs " + scale);
        // and the epoch's record is the same as without second derivatives (same trajectory)
        EpochResult first = trainer(phi0.copy(), loss, SEED).trainEpoch(0);
        assertEquals(first.finalLoss(), r.finalLoss(), 1e-5 * Math.abs(first.finalLoss()));
        assertEquals(first.metaLoss(), r.metaLoss(), 1e-5 * Math.abs(first.metaLoss()));
    }

    @Test
    void secondDerivativesNeedARestorableStateAndNoSample() {
        ScaleNetwork scale = new ScaleNetwork("l2o-scale", 3, 4, 2, 1e-2);
        MetaParameters sp = scale.initialize(3);
        MetaTrainer scaleTrainer = new MetaTrainer(scale, sp, new MetaOptimizer(MetaOptimizerKind.RMSPROP, 1e-4, sp),
                TaskSampler.dataFree(quadratic), recipe(MetaLoss.SUM), SEED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scaleTrainer.secondDerivatives(true));
        assertTrue(e.getMessage().contains("l2o-scale"), e.getMessage());
        MetaTrainer dm = trainer(network.initialize(3), MetaLoss.SUM, SEED).secondDerivatives(true);
        assertThrows(IllegalArgumentException.class, () -> dm.coordinateSample(0.5, 1));
    }

    @Test
    void secondDerivativesWithARegularizerGiveTheExactMetaGradient() {
        MetaParameters phi = scaledInit(3);
        MetaParameters phi0 = phi.copy();
        float[] c = {0.5f, -1f, 2f, 0.25f, 1f, -0.75f};
        double lambda = 0.7;
        MetaTrainer trainer = trainer(phi, MetaLoss.SUM, SEED).secondDerivatives(true)
                .regularizer(linearTerm(c), lambda, pointOracles());
        EpochResult r = trainer.trainEpoch(0);
        assertEquals(1, r.metaSteps());
        assertEquals(3.0, r.regularizer(), 0.0);
        List<float[]> exact = direct(network, phi0, MetaLoss.SUM, c, lambda, true).gradient();
        List<float[]> got = trainer.lastMetaGradient();
        double scale = maxAbs(exact);
        assertTrue(maxDiff(exact, got) <= 1e-5 * scale, "max difference " + maxDiff(exact, got) + " vs " + scale);
        // the term matters: without it the exact meta-gradient differs by more than the tolerance
        List<float[]> plain = exact(phi0, MetaLoss.SUM);
        assertTrue(maxDiff(plain, exact) > 1e-3 * scale, "the term changes the meta-gradient");
    }

    @ParameterizedTest
    @EnumSource(MetaLoss.class)
    void scaleNetworkSurrogateGradientEqualsTheDirectOne(MetaLoss loss) {
        ScaleNetwork scale = new ScaleNetwork("l2o-scale", 3, 4, 2, 1e-2);
        MetaParameters phi = scale.initialize(3);
        MetaParameters phi0 = phi.copy();
        MetaTrainer trainer = new MetaTrainer(scale, phi, new MetaOptimizer(MetaOptimizerKind.RMSPROP, 1e-4, phi),
                TaskSampler.dataFree(quadratic), recipe(loss), SEED);
        trainer.trainEpoch(0);
        assertClose(direct(scale, phi0, loss, null, 0).gradient, trainer.lastMetaGradient());
    }

    @Test
    void regularizerTermEntersThroughThetaTOnceAnUnroll() {
        MetaParameters phi = network.initialize(3);
        MetaParameters phi0 = phi.copy();
        float[] c = {0.5f, -1f, 2f, 0.25f, 1f, -0.75f};
        List<float[]> seenPoints = new ArrayList<>();
        RegularizerTerm term = mock(RegularizerTerm.class);
        when(term.evaluate(any(), any())).thenAnswer(inv -> {
            CurvatureOracle o = inv.getArgument(0);
            seenPoints.add(o.point().get(0).toFloatArray());
            return new RegularizerTerm.Value(3.0, new NDList(o.manager().create(c)));
        });
        CurvatureOracleFactory factory = pointOracles();
        double lambda = 0.7;
        MetaTrainer trainer = trainer(phi, MetaLoss.SUM, SEED).regularizer(term, lambda, factory);
        EpochResult r = trainer.trainEpoch(0);

        verify(term, times(1)).evaluate(any(), any(Random.class));
        verify(factory, times(1)).create(any(), any(), any(), any());
        assertEquals(3.0, r.regularizer(), 0.0);
        Direct direct = direct(phi0, MetaLoss.SUM, c, lambda);
        assertArrayEquals(direct.thetaT, seenPoints.get(0), 1e-6f, "the oracle sees θ_T");
        assertClose(direct.gradient, trainer.lastMetaGradient());
        Direct plain = direct(phi0, MetaLoss.SUM, null, 0);
        assertTrue(maxDiff(plain.gradient, direct.gradient) > 1e-6, "the term changes the meta-gradient");
    }

    @Test
    void nonFiniteMetaGradientIsSkippedAndCounted() {
        MetaParameters phi = network.initialize(3);
        MetaParameters phi0 = phi.copy();
        RegularizerTerm term = mock(RegularizerTerm.class);
        when(term.evaluate(any(), any())).thenAnswer(inv -> {
            CurvatureOracle o = inv.getArgument(0);
            float[] nan = new float[N];
            java.util.Arrays.fill(nan, Float.NaN);
            return new RegularizerTerm.Value(Double.NaN, new NDList(o.manager().create(nan)));
        });
        CurvatureOracleFactory factory = (obj, theta, batch, m) -> {
            CurvatureOracle o = mock(CurvatureOracle.class);
            when(o.manager()).thenReturn(m);
            return o;
        };
        MetaRecipe twoUnrolls = new MetaRecipe(T, 2 * T, MetaLoss.SUM, MetaOptimizerKind.ADAM, 1e-3, 1.0, false);
        MetaTrainer trainer = new MetaTrainer(network, phi, new MetaOptimizer(MetaOptimizerKind.ADAM, 1e-3, phi),
                TaskSampler.dataFree(quadratic), twoUnrolls, SEED).regularizer(term, 1.0, factory);
        EpochResult r = trainer.trainEpoch(0);
        assertEquals(2, r.skipped());
        assertEquals(0, r.metaSteps());
        assertEquals(phi0, phi, "skipped steps leave φ unchanged");
        assertEquals(0, trainer.metaOptimizer().steps());
    }

    @Test
    void equalSeedsGiveEqualRunsAndDifferentSeedsDiffer() {
        MetaParameters a = network.initialize(1);
        MetaParameters b = network.initialize(1);
        MetaParameters c = network.initialize(1);
        MetaTrainer ta = trainer(a, MetaLoss.SUM, 9);
        MetaTrainer tb = trainer(b, MetaLoss.SUM, 9);
        MetaTrainer tc = trainer(c, MetaLoss.SUM, 10);
        for (long e = 0; e < 2; e++) {
            ta.trainEpoch(e);
            tb.trainEpoch(e);
            tc.trainEpoch(e);
        }
        assertEquals(0.0, maxDiff(a.arrays(), b.arrays()), "max difference of equal-seed runs");
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertFalse(a.equals(network.initialize(1)));
    }

    /** Three times the initial weights, so that the updates depend strongly on the gradients' values. */
    private MetaParameters scaledInit(long seed) {
        MetaParameters init = network.initialize(seed);
        List<float[]> scaled = new ArrayList<>();
        for (float[] a : init.arrays()) {
            float[] b = a.clone();
            for (int i = 0; i < b.length; i++) {
                b[i] *= 3;
            }
            scaled.add(b);
        }
        return new MetaParameters(init.specs(), scaled);
    }

    /** A regularizer with value 3 and constant gradient c (R = ⟨c, θ⟩ + const, as far as φ can tell). */
    private static RegularizerTerm linearTerm(float[] c) {
        RegularizerTerm term = mock(RegularizerTerm.class);
        when(term.evaluate(any(), any())).thenAnswer(inv -> {
            CurvatureOracle o = inv.getArgument(0);
            return new RegularizerTerm.Value(3.0, new NDList(o.manager().create(c)));
        });
        return term;
    }

    /** Oracles that know only their manager and point. */
    private static CurvatureOracleFactory pointOracles() {
        CurvatureOracleFactory factory = mock(CurvatureOracleFactory.class);
        when(factory.create(any(), any(), any(), any())).thenAnswer(inv -> {
            NDManager m = inv.getArgument(3);
            NDList theta = inv.getArgument(1);
            CurvatureOracle o = mock(CurvatureOracle.class);
            when(o.manager()).thenReturn(m);
            when(o.point()).thenReturn(theta);
            return o;
        });
        return factory;
    }

    /** θ_T and ∇_φ of Σ_t w_t L(θ_t) + λ⟨c, θ_T⟩ with the losses recorded in the graph. */
    private record Direct(List<float[]> gradient, float[] thetaT) {}

    private Direct direct(MetaParameters phi0, MetaLoss loss, float[] c, double lambda) {
        return direct(network, phi0, loss, c, lambda, false);
    }

    private Direct direct(LearnedNetwork network, MetaParameters phi0, MetaLoss loss, float[] c, double lambda) {
        return direct(network, phi0, loss, c, lambda, false);
    }

    /**
     * The exact meta-gradient, second derivatives included: the optimizee's gradient fed to the
     * network is the quadratic's closed form, a differentiable function of θ.
     */
    private List<float[]> exact(MetaParameters phi0, MetaLoss loss) {
        return direct(network, phi0, loss, null, 0, true).gradient();
    }

    /**
     * @param exactGradients feed the network the quadratic's closed-form gradient, recorded in the
     *     graph (exact meta-gradient), instead of autograd's constant gradient (first order)
     */
    private Direct direct(LearnedNetwork network, MetaParameters phi0, MetaLoss loss, float[] c, double lambda,
            boolean exactGradients) {
        Engine engine = Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) {
            long epochSeed = Seeds.mix(SEED, 0);
            NDList init = quadratic.initialize(m, Seeds.mix(epochSeed, 3));
            FlatLayout layout = FlatLayout.of(init);
            NDList phi = phi0.toNDList(m, true);
            LearnedNetwork.State state = network.initialState(m, layout.shapes());
            NDArray theta = layout.flatten(init, m);
            try (GradientCollector gc = engine.newGradientCollector()) {
                MetaTrainer.Eval cur = MetaTrainer.lossAndGradient(quadratic, layout, theta, Batch.empty(), gc);
                double l0 = cur.loss();
                NDArray meta = null;
                for (int t = 0; t < T; t++) {
                    NDArray g = exactGradients ? quadratic.gradient(theta) : cur.gradient();
                    NDArray delta = network.step(phi, state, g, cur.loss(), LearnedNetwork.Mode.TRAINING);
                    theta = theta.add(delta);
                    NDArray l = quadratic.loss(layout.unflatten(theta), Batch.empty());
                    NDArray term = loss == MetaLoss.SUM ? l : l.div(Scalars.of(m, l0)).log().div(Scalars.of(m, T));
                    meta = meta == null ? term : meta.add(term);
                    cur = MetaTrainer.lossAndGradient(quadratic, layout, theta, Batch.empty(), gc);
                }
                if (c != null) {
                    meta = meta.add(m.create(c).reshape(N, 1).mul(lambda).mul(theta).sum());
                }
                gc.backward(meta);
            }
            List<float[]> grads = new ArrayList<>();
            for (NDArray p : phi) {
                grads.add(p.getGradient().toFloatArray());
            }
            return new Direct(grads, theta.toFloatArray());
        }
    }

    private static double maxAbs(List<float[]> a) {
        double m = 0;
        for (float[] x : a) {
            for (float v : x) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    private static double maxDiff(List<float[]> a, List<float[]> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) {
                d = Math.max(d, Math.abs(a.get(i)[j] - b.get(i)[j]));
            }
        }
        return d;
    }

    private static void assertClose(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        double scale = 0;
        for (float[] e : expected) {
            for (float x : e) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        assertTrue(scale > 0, "a zero meta-gradient tests nothing");
        double diff = maxDiff(expected, actual);
        assertTrue(diff <= 1e-4 * scale, "max difference " + diff + " vs scale " + scale);
    }
}
