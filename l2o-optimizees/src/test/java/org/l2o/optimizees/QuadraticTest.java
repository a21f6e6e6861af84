package org.l2o.optimizees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2o.api.Batch;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizee;
import org.l2o.optimizees.quadratic.QuadraticObjective;

/** The quadratic's loss, gradient and Hessian against the closed form, and its spectrum options. */
class QuadraticTest {

    private static final Optimizee PLUGIN = TestSupport.plugin("quadratic");
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static QuadraticObjective quadratic(Map<String, ?> values) {
        HyperParameters hp = PLUGIN.defaults().with(PLUGIN.hyperParameters(), values);
        return (QuadraticObjective) PLUGIN.create(hp, DataSpec.NONE);
    }

    private static double[] random(int p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[p];
        Arrays.setAll(x, i -> r.nextGaussian());
        return x;
    }

    @Test
    void lossAndGradientMatchTheClosedFormInDouble() {
        QuadraticObjective q = quadratic(Map.of("dim", 7, "condition-number", 50.0, "l0", 0.75, "seed", 3L));
        double[] theta = random(7, 1);
        double[][] a = q.matrix();
        double[] c = q.center();
        // closed form written out independently of the objective
        double expected = 0.75;
        double[] grad = new double[7];
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                expected += 0.5 * (theta[i] - c[i]) * a[i][j] * (theta[j] - c[j]);
                grad[i] += a[i][j] * (theta[j] - c[j]);
            }
        }
        assertEquals(expected, q.value(theta), 1e-12);
        assertArrayEquals(grad, q.gradient(theta), 1e-12);
        NDList params = new NDList(manager.create(theta));
        assertEquals(expected, TestSupport.lossValue(q, params, Batch.empty()), 1e-12);
        assertArrayEquals(grad, TestSupport.gradient(q, params, Batch.empty(), manager).get(0).toDoubleArray(), 1e-12);
        // float32 parameters use a float32 copy of A
        NDList single = new NDList(manager.create(toFloat(theta)));
        assertEquals(expected, TestSupport.lossValue(q, single, Batch.empty()), 1e-4 * Math.abs(expected));
        q.close();
        assertEquals(expected, TestSupport.lossValue(q, params, Batch.empty()), 1e-12, "usable after close");
    }

    @Test
    void hessianIsTheSpectralMatrixAndMatchesDifferencesOfAutogradGradients() {
        QuadraticObjective q = quadratic(Map.of("dim", 6, "eigenvalues", List.of(4.0, 2.0, 1.0, 0.5, 0.25, 0.0),
                "seed", 8L));
        double[][] h = q.hessian();
        double[][] qv = q.eigenvectors();
        double[] lambda = q.eigenvalues();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(h[i][j], h[j][i], 0, "symmetric");
                double dot = 0;
                for (int k = 0; k < 6; k++) {
                    dot += qv[k][i] * qv[k][j];
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-12, "orthonormal eigenvectors");
            }
            // A q_j = λ_j q_j
            for (int r = 0; r < 6; r++) {
                double aq = 0;
                for (int k = 0; k < 6; k++) {
                    aq += h[r][k] * qv[k][i];
                }
                assertEquals(lambda[i] * qv[r][i], aq, 1e-12);
            }
        }
        assertEquals(4.0, q.largestEigenvalue(), 0);
        assertEquals(7.75, q.trace(), 1e-12);
        // Hessian column j = (∇L(θ + e_j) − ∇L(θ − e_j)) / 2, exact for a quadratic up to rounding
        double[] theta = random(6, 4);
        for (int j = 0; j < 6; j++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[j] += 1;
            minus[j] -= 1;
            double[] gp = TestSupport.gradient(q, new NDList(manager.create(plus)), Batch.empty(), manager).get(0)
                    .toDoubleArray();
            double[] gm = TestSupport.gradient(q, new NDList(manager.create(minus)), Batch.empty(), manager).get(0)
                    .toDoubleArray();
            for (int i = 0; i < 6; i++) {
                assertEquals(h[i][j], (gp[i] - gm[i]) / 2, 1e-12);
            }
        }
    }

    @Test
    void spectrumFollowsConditionNumberMaximumAndRank() {
        QuadraticObjective q = quadratic(Map.of("dim", 5, "condition-number", 100.0, "max-eigenvalue", 2.0));
        double[] l = q.eigenvalues();
        assertArrayEquals(new double[] {2, 2 / Math.sqrt(10), 0.2, 0.2 / Math.sqrt(10), 0.02}, l, 1e-12);
        QuadraticObjective low = quadratic(Map.of("dim", 5, "condition-number", 100.0, "rank", 2));
        assertEquals(2, Arrays.stream(low.eigenvalues()).filter(v -> v > 0).count());
        assertEquals(1.0, low.largestEigenvalue(), 0);
        QuadraticObjective diagonal = quadratic(Map.of("dim", 3, "eigenvalues", List.of(3.0, 2.0, 1.0), "rotate", false));
        assertArrayEquals(new double[] {3, 0, 0}, diagonal.hessian()[0], 0);
        assertArrayEquals(new double[] {0, 0, 1}, diagonal.hessian()[2], 0);
        QuadraticObjective other = quadratic(Map.of("dim", 5, "condition-number", 100.0, "seed", 1L));
        assertFalse(Arrays.equals(q.center(), other.center()), "the seed draws c and Q");
        assertArrayEquals(q.center(), quadratic(Map.of("dim", 5, "condition-number", 100.0)).center(), 0);
    }

    @Test
    void badSpectraAreRejectedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> quadratic(Map.of("dim", 3, "eigenvalues", List.of(1.0, 2.0))));
        assertTrue(e.getMessage().contains("eigenvalues has 2 values but dim is 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> quadratic(Map.of("dim", 2, "eigenvalues", List.of(1.0, -2.0))));
        assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> quadratic(Map.of("dim", 2, "rank", 3)));
        assertTrue(e.getMessage().contains("rank 3 exceeds dim 2"), e.getMessage());
        QuadraticObjective q = quadratic(Map.of("dim", 4));
        NDList wrong = new NDList(manager.create(new float[3]));
        e = assertThrows(IllegalArgumentException.class, () -> q.loss(wrong, Batch.empty()));
        assertTrue(e.getMessage().contains("(4)") && e.getMessage().contains("(3)"), e.getMessage());
    }

    @Test
    void needsNoDataAndInitializesFromTheRunSeed() {
        assertFalse(PLUGIN.needsData());
        QuadraticObjective q = quadratic(Map.of("dim", 5, "init-std", 2.0));
        NDArray a = q.initialize(manager, 1).get(0);
        assertEquals("theta", a.getName());
        assertArrayEquals(a.toFloatArray(), q.initialize(manager, 1).get(0).toFloatArray());
        assertFalse(Arrays.equals(a.toFloatArray(), q.initialize(manager, 2).get(0).toFloatArray()));
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
