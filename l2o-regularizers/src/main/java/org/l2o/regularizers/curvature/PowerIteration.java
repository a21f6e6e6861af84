package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.l2o.api.CurvatureOracle;

/**
 * Power iteration on the Hessian for its largest-modulus eigenvalue, as PyHessian does for the
 * "Hessian EV" penalty of Yang et al. (AISTATS 2023, §5.3; 10 iterations there). Each iteration
 * is one Hessian-vector product: w = ∇²L·v, λ = vᵀw, v ← w/‖w‖.
 *
 * <p>The eigenvalue returned is the Rayleigh quotient vᵀ∇²L·v at the returned unit vector v, so
 * that ∇_θ λ ≈ ∇³L[v, v, ·] (exact at an eigenvector, by the Hellmann–Feynman argument); when
 * asked, the last iteration computes that contraction from the same pair of gradients.
 */
public final class PowerIteration {

    private PowerIteration() {}

    /**
     * @param eigenvalue the Rayleigh quotient at {@code eigenvector}
     * @param eigenvector unit vector, owned by the oracle's manager
     * @param eigenvalueGradient ∇³L[v, v, ·] at the oracle's point, or {@code null} if not asked
     * @param residual ‖∇²L·v − λv‖, small when the iteration has converged
     * @param iterations the Hessian-vector products used
     */
    public record Result(
            double eigenvalue, NDList eigenvector, NDList eigenvalueGradient, double residual, int iterations) {}

    /**
     * Runs {@code iterations} products from {@code start} (which is not modified).
     *
     * @param withGradient also compute ∇³L[v, v, ·] in the last iteration
     * @param relativeStep finite-difference step for that contraction; 0 = automatic
     */
    public static Result run(
            CurvatureOracle oracle, NDList start, int iterations, boolean withGradient, double relativeStep) {
        if (iterations < 1) {
            throw new IllegalArgumentException("power iteration needs at least 1 iteration, got " + iterations);
        }
        NDManager manager = oracle.manager();
        double startNorm = FlatVectors.norm(start);
        if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
            throw new IllegalArgumentException("power iteration needs a finite nonzero start vector");
        }
        NDList v = FlatVectors.scale(manager, 1 / startNorm, start);
        for (int i = 1; ; i++) {
            boolean last = i == iterations;
            NDList hv;
            NDList gradient = null;
            double lambda;
            if (last && withGradient) {
                Directional d = Curvature.directional(oracle, v, relativeStep);
                hv = d.hessianVector();
                gradient = d.quadraticFormGradient();
                lambda = d.curvature();
            } else {
                hv = oracle.hessianVectorProduct(v);
                lambda = FlatVectors.dot(v, hv);
            }
            double hvNorm = FlatVectors.norm(hv);
            if (last || hvNorm == 0) {
                NDList r = FlatVectors.combine(manager, 1, hv, -lambda, v);
                double residual = FlatVectors.norm(r);
                FlatVectors.close(r, hv);
                if (withGradient && gradient == null) {
                    Directional d = Curvature.directional(oracle, v, relativeStep);
                    gradient = d.quadraticFormGradient();
                    d.hessianVector().close();
                }
                return new Result(lambda, v, gradient, residual, i);
            }
            NDList next = FlatVectors.scale(manager, 1 / hvNorm, hv);
            FlatVectors.close(v, hv);
            v = next;
        }
    }
}
