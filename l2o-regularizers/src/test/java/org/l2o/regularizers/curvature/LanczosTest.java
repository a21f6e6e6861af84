package org.l2o.regularizers.curvature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.NDLists;
import org.l2o.regularizers.testing.QuadraticObjective;
import org.junit.jupiter.api.Test;

class LanczosTest {

    @Test
    void fullLanczosRecoversTheWholeSpectrumOfAQuadratic() {
        double[] eig = {3, -1.5, 0.5, 2, -0.25, 1, 4, 0.1};
        QuadraticObjective q = QuadraticObjective.withEigenvalues(eig, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            var o = new ObjectiveCurvatureOracle(q, q.initialize(m, 1), Batch.empty(), m);
            Lanczos.Result r = Lanczos.run(o, NDLists.gaussian(m, o.point(), new Random(2)), 8);
            double[] sorted = eig.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, r.nodes(), 1e-5);
            assertEquals(1, Arrays.stream(r.weights()).sum(), 1e-9);
            assertEquals(4, r.largestModulus(), 1e-5);
            // Five steps already pin the extreme eigenvalues closely.
            Lanczos.Result five = Lanczos.run(o, NDLists.gaussian(m, o.point(), new Random(2)), 5);
            assertEquals(4, five.nodes()[4], 0.05);
        }
    }

    @Test
    void slqTraceEqualsHutchinsonOnTheSameProbes() {
        double[] eig = {3, -1.5, 0.5, 2, -0.25, 1, 4, 0.1};
        QuadraticObjective q = QuadraticObjective.withEigenvalues(eig, 4);
        try (NDManager m = NDManager.newBaseManager()) {
            var o = new ObjectiveCurvatureOracle(q, q.initialize(m, 1), Batch.empty(), m);
            Lanczos.SpectralDensity d = Lanczos.spectralDensity(o, 5, 4, new Random(9));
            double hutchinson = Hutchinson.estimate(o, 5, new Random(9), false, 0).trace();
            // The quadrature integrates x exactly: p·Σ τθ = p·vᵀHv = zᵀHz for v = z/√p.
            assertEquals(hutchinson, d.trace(), 1e-5 * Math.abs(hutchinson) + 1e-6);
            double mass = 0;
            for (double x = -10; x <= 10; x += 0.01) {
                mass += d.density(x, 0.1) * 0.01;
            }
            assertEquals(1, mass, 1e-3);
        }
    }
}
