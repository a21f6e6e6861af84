package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.NDLists;

/**
 * Lanczos tridiagonalization of the Hessian with full reorthogonalization, and stochastic Lanczos
 * quadrature (SLQ) of its spectral density (Ubaru, Chen &amp; Saad, SIAM J. Matrix Anal. Appl.
 * 2017; Ghorbani, Krishnan &amp; Xiao, ICML 2019; PyHessian's "density", which the reference code
 * of Yang et al. calls "hessian-esd").
 *
 * <p>k steps cost k Hessian-vector products and keep k vectors of p entries. The Ritz values
 * (eigenvalues of the k×k tridiagonal T) approximate H's extreme eigenvalues; with the squared
 * first components of T's eigenvectors as weights they form a k-node Gauss quadrature of the
 * spectral measure seen from the start vector.
 */
public final class Lanczos {

    private Lanczos() {}

    /**
     * @param nodes Ritz values θ_i, ascending
     * @param weights squared first components τ_i of T's eigenvectors (sum 1)
     * @param alphas T's diagonal
     * @param betas T's off-diagonal
     */
    public record Result(double[] nodes, double[] weights, double[] alphas, double[] betas) {

        /** The largest-modulus Ritz value. */
        public double largestModulus() {
            double a = nodes[0];
            double b = nodes[nodes.length - 1];
            return Math.abs(a) > Math.abs(b) ? a : b;
        }
    }

    /**
     * Runs up to {@code steps} Lanczos steps from {@code start} (stops early on an invariant
     * subspace).
     */
    public static Result run(CurvatureOracle oracle, NDList start, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("Lanczos needs at least 1 step, got " + steps);
        }
        NDManager manager = oracle.manager();
        double startNorm = FlatVectors.norm(start);
        if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
            throw new IllegalArgumentException("Lanczos needs a finite nonzero start vector");
        }
        try (NDManager scope = manager.newSubManager()) {
            List<NDList> basis = new ArrayList<>();
            basis.add(FlatVectors.scale(scope, 1 / startNorm, start));
            double[] alphas = new double[steps];
            double[] betas = new double[steps];
            int k = 0;
            for (int j = 0; j < steps; j++) {
                NDList v = basis.get(j);
                NDList w = oracle.hessianVectorProduct(v);
                w.attach(scope);
                double alpha = FlatVectors.dot(w, v);
                alphas[j] = alpha;
                k = j + 1;
                // Full reorthogonalization (twice is enough): keeps the Ritz values free of ghosts.
                for (int pass = 0; pass < 2; pass++) {
                    for (NDList u : basis) {
                        FlatVectors.addScaledInPlace(w, -FlatVectors.dot(w, u), u);
                    }
                }
                double beta = FlatVectors.norm(w);
                if (j == steps - 1 || beta <= 1e-10 * Math.max(1, Math.abs(alpha))) {
                    break;
                }
                betas[j] = beta;
                basis.add(FlatVectors.scale(scope, 1 / beta, w));
            }
            double[] a = Arrays.copyOf(alphas, k);
            double[] b = Arrays.copyOf(betas, Math.max(0, k - 1));
            double[] nodes = new double[k];
            double[] weights = new double[k];
            if (k == 1) {
                nodes[0] = a[0];
                weights[0] = 1;
            } else {
                EigenDecomposition eig = new EigenDecomposition(a, b);
                Integer[] order = new Integer[k];
                for (int i = 0; i < k; i++) {
                    order[i] = i;
                }
                double[] values = eig.getRealEigenvalues();
                Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
                for (int i = 0; i < k; i++) {
                    nodes[i] = values[order[i]];
                    double first = eig.getEigenvector(order[i]).getEntry(0);
                    weights[i] = first * first;
                }
            }
            return new Result(nodes, weights, a, b);
        }
    }

    /**
     * Stochastic Lanczos quadrature: {@code probes} Rademacher start vectors, {@code steps} steps
     * each; the spectral density of H is approximated by the mixture Σ_probes Σ_i (τ_i/probes)·δ(θ_i).
     */
    public static SpectralDensity spectralDensity(CurvatureOracle oracle, int probes, int steps, Random random) {
        if (probes < 1) {
            throw new IllegalArgumentException("SLQ needs at least 1 probe, got " + probes);
        }
        List<double[]> nodes = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (int k = 0; k < probes; k++) {
            try (NDManager scope = oracle.manager().newSubManager()) {
                Result r = run(oracle, NDLists.rademacher(scope, oracle.point(), random), steps);
                nodes.add(r.nodes());
                double[] w = r.weights().clone();
                for (int i = 0; i < w.length; i++) {
                    w[i] /= probes;
                }
                weights.add(w);
            }
        }
        return new SpectralDensity(oracle.dimension(), nodes, weights);
    }

    /**
     * A spectral density estimate as weighted nodes (weights sum to 1).
     *
     * @param dimension p, the number of eigenvalues the density stands for
     * @param nodes Ritz values per probe
     * @param weights their weights per probe
     */
    public record SpectralDensity(long dimension, List<double[]> nodes, List<double[]> weights) {

        /** tr(H) ≈ p·Σ τ_i θ_i (equals Hutchinson's estimate on the same probes). */
        public double trace() {
            double s = 0;
            for (int k = 0; k < nodes.size(); k++) {
                for (int i = 0; i < nodes.get(k).length; i++) {
                    s += weights.get(k)[i] * nodes.get(k)[i];
                }
            }
            return dimension * s;
        }

        /** The density smoothed by a Gaussian of width {@code sigma}, at {@code x}. */
        public double density(double x, double sigma) {
            double s = 0;
            for (int k = 0; k < nodes.size(); k++) {
                for (int i = 0; i < nodes.get(k).length; i++) {
                    double z = (x - nodes.get(k)[i]) / sigma;
                    s += weights.get(k)[i] * Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
                }
            }
            return s;
        }
    }
}
