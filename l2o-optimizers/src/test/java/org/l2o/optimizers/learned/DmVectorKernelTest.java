package org.l2o.optimizers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fused CPU kernel against DmNetwork's PyTorch inference step (itself checked against a scalar reference). */
class DmVectorKernelTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(VectorKernels.PROPERTY);
    }

    /** The build runs tests with --add-modules jdk.incubator.vector, so the kernel must be on. */
    @Test
    void theKernelIsEnabledUnderTheBuildsJvmOptions() {
        assertTrue(VectorKernels.enabled(), "surefire's argLine must add jdk.incubator.vector");
    }

    @Test
    void matchesThePyTorchStepOverSeveralStepsUpToRounding() {
        // a hidden size and coordinate count that fill no whole vector or block; k as in the paper
        assertKernelMatchesTorch(new DmNetwork("l2o-dm", 7, 10, 0.01), 1037, 1);
        assertKernelMatchesTorch(new DmNetwork("l2o-dm", 20, 5, 0.01), 3001, 3);
    }

    private static float[] step(InferenceKernel kernel, float[] gradient) {
        FloatBuffer delta = FloatBuffer.allocate(gradient.length);
        kernel.step(FloatBuffer.wrap(gradient), delta);
        return delta.array();
    }

    private static void assertKernelMatchesTorch(DmNetwork net, int n, int threads) {
        MetaParameters phi = perturbed(net, 11);
        Random random = new Random(5);
        try (NDManager m = NDManager.newBaseManager();
                DmVectorKernel kernel = new DmVectorKernel(net, phi, n, threads)) {
            NDList phiArrays = phi.toNDList(m, false);
            LearnedNetwork.State state = net.initialState(m, List.of(new Shape(n)));
            for (int step = 0; step < 6; step++) {
                float[] g = gradients(random, n);
                float[] got = step(kernel, g);
                float[] expected;
                try (NDManager tmp = m.newSubManager()) {
                    NDArray gt = tmp.create(g, new Shape(n, 1));
                    expected = net.step(phiArrays, state, gt, 1.0, LearnedNetwork.Mode.INFERENCE).toFloatArray();
                }
                double scale = 0;
                double worst = 0;
                for (int i = 0; i < n; i++) {
                    scale = Math.max(scale, Math.abs(expected[i]));
                    worst = Math.max(worst, Math.abs(expected[i] - got[i]));
                }
                assertTrue(scale > 1e-4, "the updates are not trivially zero");
                assertTrue(worst <= 1e-4 * scale, "step " + step + ": kernel differs from PyTorch by " + worst
                        + " (largest update " + scale + ")");
            }
            state.close();
        }
    }

    @Test
    void threadsSplitTheCoordinatesWithoutChangingAnyResult() {
        DmNetwork net = new DmNetwork("l2o-dm", 20, 5, 0.01);
        MetaParameters phi = perturbed(net, 3);
        int n = 20_011;
        Random random = new Random(9);
        try (DmVectorKernel one = new DmVectorKernel(net, phi, n, 1);
                DmVectorKernel three = new DmVectorKernel(net, phi, n, 3)) {
            for (int step = 0; step < 3; step++) {
                float[] g = gradients(random, n);
                assertArrayEquals(step(one, g), step(three, g));
            }
        }
    }

    @Test
    void theUpdateRuleRunsTheKernelOnTheCpuUnlessTorchIsChosen() {
        L2oDm dm = new L2oDm();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = new NDList(m.zeros(new Shape(40, 30)), m.zeros(new Shape(30)));
            Random random = new Random(2);
            NDList grads = new NDList(m.create(gradients(random, 1200), new Shape(40, 30)),
                    m.create(gradients(random, 30), new Shape(30)));
            NDList torchParams = new NDList(params.get(0).duplicate(), params.get(1).duplicate());
            try (LearnedUpdateRule kernelRule = (LearnedUpdateRule) dm.create(dm.defaults(), params)) {
                System.setProperty(VectorKernels.PROPERTY, "torch");
                try (LearnedUpdateRule torchRule = (LearnedUpdateRule) dm.create(dm.defaults(), torchParams)) {
                    assertTrue(kernelRule.usesKernel());
                    assertFalse(torchRule.usesKernel());
                    for (int step = 0; step < 3; step++) {
                        kernelRule.step(params, grads, 1.0);
                        torchRule.step(torchParams, grads, 1.0);
                    }
                }
            }
            for (int i = 0; i < 2; i++) {
                float[] a = params.get(i).toFloatArray();
                float[] b = torchParams.get(i).toFloatArray();
                assertEquals(torchParams.get(i).getShape(), params.get(i).getShape());
                assertArrayEquals(b, a, 1e-6f);
                assertTrue(maxAbs(a) > 1e-5, "the parameters moved");
            }
        }
    }

    @Test
    void badInputIsRefusedWithTheValueAndWhatWasExpected() {
        System.setProperty(VectorKernels.PROPERTY, "fast");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, VectorKernels::enabled);
        assertTrue(e.getMessage().contains("l2o.kernel=fast") && e.getMessage().contains("auto, vector or torch"),
                e.getMessage());
        System.clearProperty(VectorKernels.PROPERTY);
        DmNetwork net = new DmNetwork("l2o-dm", 4, 5, 0.01);
        try (DmVectorKernel kernel = new DmVectorKernel(net, net.initialize(1), 10, 1)) {
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> step(kernel, new float[9]));
            assertTrue(wrong.getMessage().contains("9") && wrong.getMessage().contains("10"), wrong.getMessage());
        }
    }

    @Test
    void sigmoidAndLogAreWithinAFewUlpOfTheJdksAndKeepTheirEdgeCases() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        Random random = new Random(4);
        float[] x = new float[64 * lanes];
        float[] got = new float[x.length];
        double worstSigmoid = 0;
        double worstLog = 0;
        for (int trial = 0; trial < 500; trial++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) ((random.nextDouble() * 2 - 1) * (i % 2 == 0 ? 8 : 87));
            }
            System.arraycopy(x, 0, got, 0, x.length);
            DmVectorKernel.sigmoidInPlace(got, 0, got.length);
            for (int i = 0; i < x.length; i++) {
                double want = 1 / (1 + Math.exp(-x[i]));
                worstSigmoid = Math.max(worstSigmoid, Math.abs(got[i] - want) / Math.ulp((float) want));
            }
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.exp((random.nextDouble() * 2 - 1) * 80);
            }
            System.arraycopy(x, 0, got, 0, x.length);
            DmVectorKernel.logInPlace(got, 0, got.length);
            for (int i = 0; i < x.length; i++) {
                double want = Math.log(x[i]);
                worstLog = Math.max(worstLog, Math.abs(got[i] - want) / Math.ulp((float) want));
            }
        }
        assertTrue(worstSigmoid <= 3, "sigmoid error " + worstSigmoid + " ulp");
        assertTrue(worstLog <= 2, "log error " + worstLog + " ulp");
        float[] edge = new float[lanes];
        java.util.Arrays.fill(edge, Float.NaN);
        edge[0] = 1f;
        edge[1] = Float.POSITIVE_INFINITY;
        edge[2] = 1.1920929e-7f;
        DmVectorKernel.logInPlace(edge, 0, lanes);
        assertEquals(0f, edge[0]);
        assertEquals(Float.POSITIVE_INFINITY, edge[1]);
        assertEquals(Math.log(1.1920929e-7), edge[2], 1e-5);
        assertTrue(Float.isNaN(edge[3]));
        java.util.Arrays.fill(edge, Float.NaN);
        edge[0] = -1000f;
        edge[1] = 1000f;
        DmVectorKernel.sigmoidInPlace(edge, 0, lanes);
        assertTrue(edge[0] >= 0 && edge[0] < 1e-37, "σ(-1000) ≈ 0: " + edge[0]);
        assertEquals(1f, edge[1]);
        assertTrue(Float.isNaN(edge[3]));
    }

    /** Initial meta-parameters plus noise, so that every weight (not only the initial pattern) matters. */
    private static MetaParameters perturbed(DmNetwork net, long seed) {
        MetaParameters phi = net.initialize(seed);
        Random random = new Random(seed);
        for (MetaParameters.Spec spec : phi.specs()) {
            float[] v = phi.values(spec.name());
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (0.5 * random.nextGaussian());
            }
        }
        return phi;
    }

    /** Typical gradients with exact zeros, tiny and large entries of both signs. */
    private static float[] gradients(Random random, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            switch (i % 7) {
                case 0 -> g[i] = 0f;
                case 1 -> g[i] = (float) (1e-9 * random.nextGaussian());
                case 2 -> g[i] = (float) (20 * random.nextGaussian());
                default -> g[i] = (float) (1e-2 * random.nextGaussian());
            }
        }
        return g;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
