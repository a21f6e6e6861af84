package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.NDLists;

/**
 * Hutchinson's trace estimator (M. F. Hutchinson, "A stochastic estimator of the trace of the
 * influence matrix for Laplacian smoothing splines", 1989): tr(∇²L) ≈ (1/N)·Σ zᵀ∇²L z over N
 * Rademacher probes z, unbiased with variance 2·Σ_{i≠j}(∇²L)_{ij}² per probe. The "Hessian Trace"
 * penalty of Yang et al. (AISTATS 2023, §5.3) uses it with 10 probes, as PyHessian does.
 *
 * <p>With the same probes, ∇_θ of the estimate is (1/N)·Σ ∇³L[z, z, ·], which costs nothing extra
 * in float64 (see {@link ObjectiveCurvatureOracle#directional}).
 */
public final class Hutchinson {

    private Hutchinson() {}

    /**
     * @param trace the mean of zᵀ∇²L z
     * @param standardError the sample standard deviation over √N (NaN for one probe)
     * @param traceGradient the mean of ∇³L[z, z, ·], or {@code null} if not asked; owned by the
     *     oracle's manager
     * @param probes N
     */
    public record Result(double trace, double standardError, NDList traceGradient, int probes) {}

    /**
     * @param probes N ≥ 1
     * @param random draws the probes
     * @param withGradient also estimate ∇_θ tr(∇²L)
     * @param relativeStep finite-difference step of the third-order contraction; 0 = automatic
     */
    public static Result estimate(
            CurvatureOracle oracle, int probes, Random random, boolean withGradient, double relativeStep) {
        if (probes < 1) {
            throw new IllegalArgumentException("Hutchinson needs at least 1 probe, got " + probes);
        }
        NDManager manager = oracle.manager();
        NDList gradientSum = withGradient ? FlatVectors.zerosLike(manager, oracle.point()) : null;
        double sum = 0;
        double sumSquares = 0;
        for (int k = 0; k < probes; k++) {
            try (NDManager scope = manager.newSubManager()) {
                NDList z = NDLists.rademacher(scope, oracle.point(), random);
                double q;
                if (withGradient) {
                    try (Directional d = Curvature.directional(oracle, z, relativeStep)) {
                        q = d.curvature();
                        FlatVectors.addScaledInPlace(gradientSum, 1, d.quadraticFormGradient());
                    }
                } else {
                    NDList hz = oracle.hessianVectorProduct(z);
                    q = FlatVectors.dot(z, hz);
                    hz.close();
                }
                sum += q;
                sumSquares += q * q;
            }
        }
        double mean = sum / probes;
        double variance = probes > 1 ? Math.max(0, (sumSquares - probes * mean * mean) / (probes - 1)) : Double.NaN;
        NDList gradient = null;
        if (withGradient) {
            gradient = FlatVectors.scale(manager, 1.0 / probes, gradientSum);
            gradientSum.close();
        }
        return new Result(mean, Math.sqrt(variance / probes), gradient, probes);
    }
}
