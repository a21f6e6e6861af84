package org.l2o.regularizers.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.NDLists;
import org.l2o.regularizers.testing.Dense;
import org.l2o.regularizers.testing.ExactHessian;
import org.l2o.regularizers.testing.Oracles;
import org.l2o.regularizers.testing.QuadraticObjective;
import org.junit.jupiter.api.Test;

/** Power iteration, Hutchinson and the SGLD chain on quadratics, whose Hessian is A exactly. */
class CurvatureAlgorithmsTest {

    @Test
    void powerIterationFindsTheLargestModulusEigenvalueEvenWhenNegative() {
        double[][] spectra = {{4, 1, -0.5, 0.2, 0, 2}, {1, -5, 2, 0.5, -1, 3}};
        for (double[] eig : spectra) {
            QuadraticObjective q = QuadraticObjective.withEigenvalues(eig, 7);
            double expected = 0;
            for (double e : eig) {
                expected = Math.abs(e) > Math.abs(expected) ? e : expected;
            }
            try (NDManager m = NDManager.newBaseManager()) {
                var o = new ObjectiveCurvatureOracle(q, q.initialize(m, 1), Batch.empty(), m);
                NDList start = NDLists.gaussian(m, o.point(), new Random(2));
                // Ratio of the two largest moduli is 0.5 and 0.6: 60 iterations converge to ~1e-13.
                PowerIteration.Result r = PowerIteration.run(o, start, 60, true, 0);
                assertEquals(expected, r.eigenvalue(), 1e-6 * Math.abs(expected));
                assertEquals(1, NDLists.norm(r.eigenvector()), 1e-6);
                assertTrue(r.residual() < 1e-4, "residual " + r.residual());
                // ∇λ = ∇³L[v,v,·] = 0 for a quadratic.
                assertTrue(Dense.norm(ExactHessian.flatten(r.eigenvalueGradient())) < 1e-6);
                // The paper's 10 iterations already get within a few percent here.
                PowerIteration.Result ten = PowerIteration.run(o, start, 10, false, 0);
                assertEquals(expected, ten.eigenvalue(), 0.05 * Math.abs(expected));
                assertEquals(10, ten.iterations());
            }
        }
    }

    @Test
    void powerIterationRejectsBadArguments() {
        QuadraticObjective q = QuadraticObjective.withEigenvalues(new double[] {1, 2}, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            var o = new ObjectiveCurvatureOracle(q, q.initialize(m, 1), Batch.empty(), m);
            assertThrows(IllegalArgumentException.class, () -> PowerIteration.run(o, o.point(), 0, false, 0));
            NDList zero = new NDList(m.zeros(new ai.djl.ndarray.types.Shape(2)));
            assertThrows(IllegalArgumentException.class, () -> PowerIteration.run(o, zero, 5, false, 0));
        }
    }

    @Test
    void hutchinsonIsExactForDiagonalAndUnbiasedForDense() {
        // Diagonal A: zᵀAz = tr(A) for every Rademacher z.
        double[] diag = {3, -1, 0.5, 2, 7};
        double[][] a = new double[5][5];
        for (int i = 0; i < 5; i++) {
            a[i][i] = diag[i];
        }
        QuadraticObjective d = new QuadraticObjective(a, new double[5]);
        try (NDManager m = NDManager.newBaseManager()) {
            var o = new ObjectiveCurvatureOracle(d, d.initialize(m, 1), Batch.empty(), m);
            Hutchinson.Result r = Hutchinson.estimate(o, 3, new Random(1), true, 0);
            assertEquals(11.5, r.trace(), 1e-6);
            assertEquals(0, r.standardError(), 1e-6);
            assertTrue(Dense.norm(ExactHessian.flatten(r.traceGradient())) < 1e-6);
        }
        // Dense A: the estimate's standard deviation per probe is √(2Σ_{i≠j}A_ij²).
        double[] eig = {2, -1, 0.5, 3, 1.5, -0.7, 0.1, 4};
        QuadraticObjective q = QuadraticObjective.withEigenvalues(eig, 9);
        double trace = 0;
        for (double e : eig) {
            trace += e;
        }
        double offDiagonal = 0;
        for (int i = 0; i < eig.length; i++) {
            for (int j = 0; j < eig.length; j++) {
                if (i != j) {
                    offDiagonal += q.matrix()[i][j] * q.matrix()[i][j];
                }
            }
        }
        int probes = 2000;
        double sd = Math.sqrt(2 * offDiagonal / probes);
        try (NDManager m = NDManager.newBaseManager()) {
            var o = new ObjectiveCurvatureOracle(q, q.initialize(m, 1), Batch.empty(), m);
            Hutchinson.Result r = Hutchinson.estimate(o, probes, new Random(4), false, 0);
            assertEquals(trace, r.trace(), 4 * sd, "4 standard deviations");
            assertEquals(sd, r.standardError(), 0.2 * sd, "the reported standard error matches theory");
        }
    }

    @Test
    void sgldMeanMatchesTheGaussianClosedForm() {
        double[] eig = {2, 0.5, 1, 3, 0.2, 1.5};
        QuadraticObjective q = QuadraticObjective.withEigenvalues(eig, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] theta = {1, -2, 0.5, 0.3, -1, 2};
            var o = new ObjectiveCurvatureOracle(q, Oracles.vector(m, theta), Batch.empty(), m);
            // Without noise the chain is gradient descent on the strongly convex energy: it converges.
            double gamma = 0.5;
            var exact = LocalEntropySampler.run(o, new LocalEntropySampler.Settings(gamma, 0.1, 0, 500, 0.75), new Random(1));
            assertTrue(Dense.maxAbsDiff(ExactHessian.flatten(exact.mean()), closedFormMean(q, theta, gamma)) < 1e-9);

            // At temperature 1 (ε = √2) the chain samples P itself; for a quadratic the discretized
            // chain's stationary mean is still exact, so only sampling noise remains. With per-mode
            // variance σ² ≤ 1/(λ_min+γ), lag-one correlation ρ = 1 − η(λ_min+γ), the α-average has
            // variance ≈ σ²·α/(2−α)·(1+ρ)/(1−ρ); allow 5 standard deviations.
            double g = 5;
            double eta = 0.02;
            double alpha = 0.002;
            double lambdaMin = 0.2;
            double rho = 1 - eta * (lambdaMin + g);
            double sd = Math.sqrt(1 / (lambdaMin + g) * alpha / (2 - alpha) * (1 + rho) / (1 - rho));
            var noisy = LocalEntropySampler.run(
                    o, new LocalEntropySampler.Settings(g, eta, Math.sqrt(2), 8000, alpha), new Random(2));
            double err = Dense.maxAbsDiff(ExactHessian.flatten(noisy.mean()), closedFormMean(q, theta, g));
            assertTrue(err < 5 * sd, "noisy SGLD mean off by " + err + ", standard deviation " + sd);
        }
    }

    /** E[θ′] = (A+γI)⁻¹(Ac + γθ). */
    private static double[] closedFormMean(QuadraticObjective q, double[] theta, double gamma) {
        int p = theta.length;
        double[][] shifted = new double[p][];
        for (int i = 0; i < p; i++) {
            shifted[i] = q.matrix()[i].clone();
            shifted[i][i] += gamma;
        }
        double[] ac = Dense.multiply(q.matrix(), q.center());
        double[] rhs = new double[p];
        for (int i = 0; i < p; i++) {
            rhs[i] = ac[i] + gamma * theta[i];
        }
        return Dense.solve(shifted, rhs);
    }

    @Test
    void sgldSettingsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocalEntropySampler.Settings(0, 0.1, 1e-4, 20, 0.75));
        assertTrue(e.getMessage().contains("gamma=0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalEntropySampler.Settings(1, 0.1, 1e-4, 20, 1.5));
    }
}
