package org.l2o.regularizers;

import java.util.List;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;
import org.l2o.regularizers.curvature.Hutchinson;

/**
 * "Hessian Trace" flatness penalty of Yang et al. (AISTATS 2023, eq. 3 and §5.3):
 * R(θ) = tr(∇²L(θ)), estimated by Hutchinson's method (Hutchinson 1989) with Rademacher probes
 * z (10, as in the paper): R̂ = (1/N)Σ zᵀ∇²L z.
 *
 * <p>∇R̂ = (1/N)Σ ∇³L[z, z, ·] with the same probes, each a second central difference of
 * gradients along z. It is 0 for quadratics. Cost per evaluation: 2·probes gradient evaluations
 * in float64 (4·probes in float32), each pair giving both zᵀ∇²L z and ∇³L[z, z, ·].
 */
public final class HessianTraceRegularizer implements Regularizer {

    static final String PROBES = "probes";

    @Override
    public String name() {
        return "hessian-trace";
    }

    @Override
    public String description() {
        return "Hessian trace by Hutchinson's estimator with Rademacher probes (Yang et al. AISTATS 2023, §5.3)";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofInt(PROBES, 10, 1, 1_000_000, "Rademacher probes per evaluation"),
                RegularizerSupport.fdStep());
    }

    @Override
    public RegularizerTerm create(HyperParameters hp) {
        int probes = hp.getInt(PROBES);
        double fdStep = hp.getDouble(RegularizerSupport.FD_STEP);
        return new RegularizerTerm() {
            @Override
            public Value evaluate(CurvatureOracle oracle, Random random) {
                Hutchinson.Result r = Hutchinson.estimate(oracle, probes, random, true, fdStep);
                return new Value(r.trace(), r.traceGradient());
            }
        };
    }
}
