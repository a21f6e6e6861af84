package org.l2o.regularizers;

import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.NDLists;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;
import org.l2o.regularizers.curvature.LocalEntropySampler;

/**
 * Local-entropy flatness penalty of Yang et al. (AISTATS 2023, eq. 4 and 5), after Entropy-SGD
 * (Chaudhari et al., ICLR 2017): R(θ) = −Ĝ(θ; γ) up to a constant, where
 * Ĝ(θ; γ) = log∫exp(−L(θ′) − (γ/2)‖θ − θ′‖²)dθ′, with
 * ∇R = −∇Ĝ = γ·(θ − E[θ′]) (eq. 5), E[θ′] estimated by the SGLD chain of
 * {@link LocalEntropySampler} (Entropy-SGD's Algorithm 1, started at θ).
 *
 * <p>The value reported is R̂ = L(μ) + (γ/2)‖θ − μ‖² at the chain average μ: the Moreau envelope
 * min_θ′ L(θ′) + (γ/2)‖θ − θ′‖² once the chain has converged, which is the local entropy
 * (up to a constant) in the low-temperature limit that Entropy-SGD's small noise runs in, and
 * whose gradient is exactly γ(θ − μ). Defaults are those of the Entropy-SGD reference code
 * (γ = 0.01, η′ = 0.1, ε = 1e-4, α = 0.75) with L = 20 SGLD steps (the paper's MNIST setting).
 * Cost per evaluation: {@code steps} gradient evaluations plus one loss evaluation.
 */
public final class LocalEntropyRegularizer implements Regularizer {

    static final String GAMMA = "gamma";
    static final String STEP = "sgld-step";
    static final String NOISE = "noise";
    static final String STEPS = "sgld-steps";
    static final String ALPHA = "alpha";

    @Override
    public String name() {
        return "local-entropy";
    }

    @Override
    public String description() {
        return "negative local entropy −G(θ;γ), gradient γ(θ − E[θ′]) by an SGLD chain "
                + "(Yang et al. AISTATS 2023, eq. 5; Chaudhari et al. 2017)";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofDouble(GAMMA, 0.01, 1e-12, 1e12, "scope γ of the local Gibbs measure"),
                HyperParameter.ofDouble(STEP, 0.1, 1e-12, 1e6, "SGLD step size η′"),
                HyperParameter.ofDouble(NOISE, 1e-4, 0, 1e6,
                        "thermal noise ε: each step adds √η′·ε·N(0,I) (temperature ε²/2)"),
                HyperParameter.ofInt(STEPS, 20, 1, 1_000_000, "SGLD steps L per evaluation"),
                HyperParameter.ofDouble(ALPHA, 0.75, 1e-9, 1,
                        "averaging weight α of μ ← (1−α)μ + αθ′, the estimate of E[θ′]"));
    }

    @Override
    public RegularizerTerm create(HyperParameters hp) {
        LocalEntropySampler.Settings settings = new LocalEntropySampler.Settings(
                hp.getDouble(GAMMA), hp.getDouble(STEP), hp.getDouble(NOISE), hp.getInt(STEPS), hp.getDouble(ALPHA));
        return new RegularizerTerm() {
            @Override
            public Value evaluate(CurvatureOracle oracle, Random random) {
                LocalEntropySampler.Result chain = LocalEntropySampler.run(oracle, settings, random);
                chain.last().close();
                NDList mean = chain.mean();
                NDList diff = NDLists.axpy(oracle.point(), -1, mean);
                double distanceSquared = NDLists.dot(diff, diff);
                double value = oracle.lossAt(mean) + 0.5 * settings.gamma() * distanceSquared;
                NDList gradient = RegularizerSupport.scaled(oracle.manager(), settings.gamma(), diff);
                diff.close();
                mean.close();
                return new Value(value, gradient);
            }
        };
    }
}
