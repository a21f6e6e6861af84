package com.example.l2o.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.NDLists;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;

class SharpnessRegularizerTest {

    /** L(θ) = ½ Σ a_i θ_i²: everything is known in closed form. */
    private static final class DiagonalQuadratic implements CurvatureOracle {
        private final NDManager manager;
        private final NDArray a;
        private final NDList theta;

        DiagonalQuadratic(NDManager manager, double[] a, double[] theta) {
            this.manager = manager;
            this.a = manager.create(a);
            this.theta = new NDList(manager.create(theta));
        }

        @Override public NDManager manager() { return manager; }
        @Override public NDList point() { return theta; }
        @Override public long dimension() { return a.size(); }
        @Override public double loss() { return lossAt(theta); }
        @Override public NDList gradient() { return gradientAt(theta); }
        @Override public NDList hessianVectorProduct(NDList v) { return new NDList(v.singletonOrThrow().mul(a)); }
        @Override public double lossAt(NDList t) {
            NDArray x = t.singletonOrThrow();
            return x.mul(x).mul(a).sum().mul(0.5).toType(DataType.FLOAT64, false).getDouble();
        }
        @Override public NDList gradientAt(NDList t) { return new NDList(t.singletonOrThrow().mul(a)); }
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(Regularizer.class).stream()
                .anyMatch(p -> p.get().name().equals("sam-sharpness")));
    }

    @Test
    void valueAndGradientMatchTheClosedFormOnAQuadratic() {
        double[] a = {1, 4, 9};
        double[] theta = {0.5, -1, 2};
        double rho = 0.1;
        SharpnessRegularizer plugin = new SharpnessRegularizer();
        try (NDManager m = NDManager.newBaseManager();
                RegularizerTerm term = plugin.create(plugin.defaults().with(plugin.hyperParameters(),
                        java.util.Map.of("rho", rho)))) {
            RegularizerTerm.Value v = term.evaluate(new DiagonalQuadratic(m, a, theta), new Random(1));
            // g = Aθ, ε = ρ g/‖g‖: R = εᵀAθ + ½ εᵀAε and ∇R = Aε.
            double[] g = new double[3];
            double norm = 0;
            for (int i = 0; i < 3; i++) {
                g[i] = a[i] * theta[i];
                norm += g[i] * g[i];
            }
            norm = Math.sqrt(norm);
            double expected = 0;
            double[] expectedGrad = new double[3];
            for (int i = 0; i < 3; i++) {
                double eps = rho * g[i] / norm;
                expected += eps * a[i] * theta[i] + 0.5 * eps * a[i] * eps;
                expectedGrad[i] = a[i] * eps;
            }
            assertEquals(expected, v.value(), 1e-9);
            double[] got = v.gradient().singletonOrThrow().toDoubleArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(expectedGrad[i], got[i], 1e-9);
            }
            assertTrue(NDLists.norm(v.gradient()) > 0);
        }
    }

    @Test
    void isZeroAtAStationaryPoint() {
        SharpnessRegularizer plugin = new SharpnessRegularizer();
        try (NDManager m = NDManager.newBaseManager(); RegularizerTerm term = plugin.create(plugin.defaults())) {
            RegularizerTerm.Value v = term.evaluate(new DiagonalQuadratic(m, new double[] {1, 2}, new double[] {0, 0}),
                    new Random(1));
            assertEquals(0, v.value());
            assertEquals(0, NDLists.norm(v.gradient()));
        }
    }
}
