package org.l2o.regularizers;

import ai.djl.ndarray.NDList;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.HyperParameters;
import org.l2o.api.NDLists;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;

/**
 * "Jacobian Trace" flatness penalty of Yang et al. (AISTATS 2023, §5.3): the trace of the
 * Gauss–Newton-like matrix ∇L∇Lᵀ, R(θ) = tr(∇L∇Lᵀ) = ‖∇L(θ)‖², with ∇R = 2∇²L·∇L (one
 * Hessian-vector product). Deterministic; no hyperparameters. Cost per evaluation: one gradient
 * (cached by the oracle) plus one Hessian-vector product (two gradient evaluations).
 */
public final class JacobianTraceRegularizer implements Regularizer {

    @Override
    public String name() {
        return "jacobian-trace";
    }

    @Override
    public String description() {
        return "trace of ∇L∇Lᵀ = ‖∇L‖², gradient 2∇²L∇L (Yang et al. AISTATS 2023, §5.3)";
    }

    @Override
    public RegularizerTerm create(HyperParameters hp) {
        return new RegularizerTerm() {
            @Override
            public Value evaluate(CurvatureOracle oracle, Random random) {
                NDList g = oracle.gradient();
                double value = NDLists.dot(g, g);
                NDList hg = oracle.hessianVectorProduct(g);
                g.close();
                NDList gradient = RegularizerSupport.scaled(oracle.manager(), 2, hg);
                hg.close();
                return new Value(value, gradient);
            }
        };
    }
}
