package org.l2o.regularizers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.NDLists;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;
import org.l2o.regularizers.curvature.PowerIteration;

/**
 * "Hessian EV" flatness penalty of Yang et al., "Learning to Generalize Provably in Learning to
 * Optimize" (AISTATS 2023, eq. 3 and §5.3): R(θ) = |λ_max(∇²L(θ))|, the largest-modulus Hessian
 * eigenvalue, by power iteration (10 iterations, as in the paper) from a Gaussian start.
 *
 * <p>∇R = sign(λ)·∇³L[v, v, ·] at the unit eigenvector v, a third-derivative contraction computed
 * by the second central difference of gradients along v (no second-order autograd). It is
 * exact at a converged eigenvector; with few iterations it is the gradient of the Rayleigh
 * quotient at the vector reached. For quadratics it is 0. Cost per evaluation: {@code iterations}
 * Hessian-vector products, i.e. 2·iterations gradient evaluations in float64 (the last pair also
 * yields ∇R).
 *
 * <p>With {@code warm-start}, the term remembers the last eigenvector and starts from it at the
 * next evaluation of the same layout (the paper restarts from random).
 */
public final class HessianEigenvalueRegularizer implements Regularizer {

    static final String ITERATIONS = "iterations";
    static final String WARM_START = "warm-start";

    @Override
    public String name() {
        return "hessian-ev";
    }

    @Override
    public String description() {
        return "|largest-modulus Hessian eigenvalue| by power iteration (Yang et al. AISTATS 2023, §5.3)";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofInt(ITERATIONS, 10, 1, 100_000,
                        "power iterations (Hessian-vector products) per evaluation"),
                RegularizerSupport.fdStep(),
                HyperParameter.ofBoolean(WARM_START, false,
                        "start each evaluation from the previous eigenvector instead of a fresh Gaussian vector"));
    }

    @Override
    public RegularizerTerm create(HyperParameters hp) {
        return new Term(hp.getInt(ITERATIONS), hp.getDouble(RegularizerSupport.FD_STEP), hp.getBoolean(WARM_START));
    }

    private static final class Term implements RegularizerTerm {
        private final int iterations;
        private final double fdStep;
        private final boolean warmStart;
        private List<float[]> previous;
        private List<Shape> previousShapes;

        Term(int iterations, double fdStep, boolean warmStart) {
            this.iterations = iterations;
            this.fdStep = fdStep;
            this.warmStart = warmStart;
        }

        @Override
        public Value evaluate(CurvatureOracle oracle, Random random) {
            NDList point = oracle.point();
            NDList start = warmStart && matches(point)
                    ? restore(oracle)
                    : NDLists.gaussian(oracle.manager(), point, random);
            PowerIteration.Result r = PowerIteration.run(oracle, start, iterations, true, fdStep);
            start.close();
            if (warmStart) {
                remember(r.eigenvector());
            }
            r.eigenvector().close();
            double sign = Math.signum(r.eigenvalue());
            NDList gradient = RegularizerSupport.scaled(oracle.manager(), sign, r.eigenvalueGradient());
            r.eigenvalueGradient().close();
            return new Value(Math.abs(r.eigenvalue()), gradient);
        }

        private boolean matches(NDList point) {
            if (previous == null || previousShapes.size() != point.size()) {
                return false;
            }
            for (int i = 0; i < point.size(); i++) {
                if (!previousShapes.get(i).equals(point.get(i).getShape())) {
                    return false;
                }
            }
            return true;
        }

        private NDList restore(CurvatureOracle oracle) {
            NDList out = new NDList(previous.size());
            for (int i = 0; i < previous.size(); i++) {
                NDArray a = oracle.manager().create(previous.get(i), previousShapes.get(i));
                out.add(a.toType(oracle.point().get(i).getDataType(), false));
            }
            return out;
        }

        private void remember(NDList v) {
            previous = new ArrayList<>();
            previousShapes = new ArrayList<>();
            for (NDArray a : v) {
                previous.add(a.toFloatArray());
                previousShapes.add(a.getShape());
            }
        }
    }
}
