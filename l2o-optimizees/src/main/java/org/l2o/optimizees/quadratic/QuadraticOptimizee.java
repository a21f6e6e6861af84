package org.l2o.optimizees.quadratic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizee;

/**
 * {@code quadratic}: L(θ) = ½(θ−c)ᵀA(θ−c) + ℓ₀ with a chosen dimension and spectrum, whose
 * Hessian A is known exactly. Used to test curvature estimators and to check Theorem 1 of
 * Yang et al., "Learning to Generalize Provably in Learning to Optimize" (AISTATS 2023), on
 * non-negative convex losses.
 *
 * <p>Spectrum: {@code eigenvalues} if given (length {@code dim}), otherwise {@code dim} values
 * spaced geometrically from {@code max-eigenvalue}/{@code condition-number} to
 * {@code max-eigenvalue}; {@code rank} r &lt; dim then sets the dim−r smallest to zero (a singular,
 * still convex A). Eigenvectors: a Haar-random orthogonal Q drawn from {@code seed} (Gram–Schmidt,
 * twice, of a Gaussian matrix with signs fixed), or the identity when {@code rotate=false}.
 * Center c ~ N(0, {@code center-std}²·I) from the same seed.
 */
public final class QuadraticOptimizee implements Optimizee {

    @Override
    public String name() {
        return "quadratic";
    }

    @Override
    public String description() {
        return "convex quadratic 1/2 (theta-c)^T A (theta-c) + l0 with chosen dimension and spectrum; exact Hessian A"
                + " (test bed for Theorem 1 of Yang et al., AISTATS 2023)";
    }

    @Override
    public boolean needsData() {
        return false;
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofInt("dim", 10, 1, 8192, "dimension p of theta"),
                HyperParameter.ofDouble("condition-number", 10, 1, 1e15,
                        "ratio of largest to smallest eigenvalue of A (geometric spacing); ignored with eigenvalues"),
                HyperParameter.ofDouble("max-eigenvalue", 1, 0, 1e15,
                        "largest eigenvalue of A; ignored with eigenvalues"),
                HyperParameter.ofDoubleList("eigenvalues", List.of(),
                        "explicit eigenvalues of A, dim values >= 0 (overrides condition-number and max-eigenvalue)"),
                HyperParameter.ofInt("rank", 0, 0, 8192,
                        "rank of A: 0 for full rank, else the dim-rank smallest eigenvalues are set to 0"),
                HyperParameter.ofDouble("l0", 0, "the offset l0, the minimum value (Theorem 1 assumes l0 >= 0)"),
                HyperParameter.ofBoolean("rotate", true,
                        "use a random orthogonal eigenbasis; false makes A diagonal"),
                HyperParameter.ofDouble("center-std", 1, 0, 1e6, "standard deviation of the minimizer c ~ N(0, s^2 I)"),
                HyperParameter.ofDouble("init-std", 1, 0, 1e6,
                        "standard deviation of the initial theta ~ N(0, s^2 I), drawn from the run seed"),
                HyperParameter.ofLong("seed", 0, "seed of the eigenbasis and the center"));
    }

    @Override
    public QuadraticObjective create(HyperParameters hp, DataSpec data) {
        int p = hp.getInt("dim");
        double[] lambda = spectrum(hp, p);
        SplittableRandom random = new SplittableRandom(hp.getLong("seed"));
        double[][] q = hp.getBoolean("rotate") ? randomOrthogonal(p, random) : identity(p);
        double[] c = new double[p];
        double std = hp.getDouble("center-std");
        for (int i = 0; i < p; i++) {
            c[i] = std * random.nextGaussian();
        }
        return new QuadraticObjective(lambda, q, c, hp.getDouble("l0"), hp.getDouble("init-std"));
    }

    /** The eigenvalues chosen by the hyperparameters, largest first. */
    static double[] spectrum(HyperParameters hp, int p) {
        List<Double> given = hp.getDoubleList("eigenvalues");
        double[] lambda = new double[p];
        if (!given.isEmpty()) {
            if (given.size() != p) {
                throw new IllegalArgumentException("optimizee 'quadratic': eigenvalues has " + given.size()
                        + " values but dim is " + p);
            }
            for (int i = 0; i < p; i++) {
                lambda[i] = given.get(i);
                if (!(lambda[i] >= 0) || Double.isInfinite(lambda[i])) {
                    throw new IllegalArgumentException("optimizee 'quadratic': eigenvalue " + lambda[i]
                            + " is not a finite value >= 0 (A must be positive semidefinite)");
                }
            }
        } else {
            double max = hp.getDouble("max-eigenvalue");
            double kappa = hp.getDouble("condition-number");
            for (int i = 0; i < p; i++) {
                // λ_i = max · κ^(−i/(p−1)), i = 0 … p−1
                lambda[i] = p == 1 ? max : max * Math.pow(kappa, -(double) i / (p - 1));
            }
        }
        int rank = hp.getInt("rank");
        if (rank > p) {
            throw new IllegalArgumentException("optimizee 'quadratic': rank " + rank + " exceeds dim " + p);
        }
        if (rank > 0) {
            Integer[] order = new Integer[p];
            for (int i = 0; i < p; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(lambda[y], lambda[x]));
            for (int i = rank; i < p; i++) {
                lambda[order[i]] = 0;
            }
        }
        return lambda;
    }

    private static double[][] identity(int p) {
        double[][] q = new double[p][p];
        for (int i = 0; i < p; i++) {
            q[i][i] = 1;
        }
        return q;
    }

    /** Haar-distributed orthogonal matrix: Gram–Schmidt (twice) of Gaussian columns. */
    static double[][] randomOrthogonal(int p, SplittableRandom random) {
        double[][] cols = new double[p][p]; // cols[j] is column j
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < p; i++) {
                cols[j][i] = random.nextGaussian();
            }
        }
        for (int j = 0; j < p; j++) {
            double[] v = cols[j];
            for (int pass = 0; pass < 2; pass++) { // "twice is enough" for orthogonality to rounding
                for (int k = 0; k < j; k++) {
                    double d = 0;
                    for (int i = 0; i < p; i++) {
                        d += cols[k][i] * v[i];
                    }
                    for (int i = 0; i < p; i++) {
                        v[i] -= d * cols[k][i];
                    }
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < p; i++) {
                v[i] /= norm;
            }
        }
        double[][] q = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                q[i][j] = cols[j][i];
            }
        }
        return q;
    }

    @Override
    public Map<String, Object> details() {
        int p = defaults().getInt("dim");
        Map<String, Object> layout = new LinkedHashMap<>();
        layout.put("name", QuadraticObjective.PARAMETER);
        layout.put("shape", new long[] {p});
        layout.put("size", (long) p);
        layout.put("init", "N(0, init-std^2) from the run seed");
        List<Map<String, Object>> list = new ArrayList<>();
        list.add(layout);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", "1/2 (theta-c)^T A (theta-c) + l0, A = Q diag(lambda) Q^T; no data");
        out.put("parameterCount", (long) p);
        out.put("layout", list);
        return out;
    }
}
