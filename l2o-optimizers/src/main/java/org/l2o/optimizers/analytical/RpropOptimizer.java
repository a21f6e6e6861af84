package org.l2o.optimizers.analytical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * Rprop (Riedmiller &amp; Braun, "A Direct Adaptive Method for Faster Backpropagation Learning:
 * The RPROP Algorithm", IEEE ICNN 1993), in the variant without weight-backtracking that
 * Igel &amp; Hüsken call iRprop⁻ ("Improving the Rprop Learning Algorithm", 2000), which is also
 * what PyTorch's {@code torch.optim.Rprop} implements. Defaults are the 1993 paper's:
 * Δ₀ = 0.1, η⁺ = 1.2, η⁻ = 0.5, Δ_min = 1e-6, Δ_max = 50.
 *
 * <p>Per coordinate, with s = sign(g_t·g_{t−1}): s &gt; 0 → Δ ← min(η⁺Δ, Δ_max);
 * s &lt; 0 → Δ ← max(η⁻Δ, Δ_min) and g_t ← 0 (no step, and the next step sees no sign change);
 * then {@code θ ← θ − sign(g_t)·Δ}. Rprop was designed for full-batch gradients; with noisy
 * minibatches it is included for comparison, as in the L2O literature.
 */
public final class RpropOptimizer implements Optimizer {

    @Override
    public String name() {
        return "rprop";
    }

    @Override
    public String description() {
        return "Rprop (Riedmiller & Braun 1993), iRprop- variant (Igel & Huesken 2000): sign-based steps with adaptive sizes";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofDouble("lr", 0.1, 0, Double.MAX_VALUE, "initial step size Δ₀"),
                HyperParameter.ofDouble("eta-plus", 1.2, 1, Double.MAX_VALUE, "step growth factor η⁺ when the sign is kept"),
                HyperParameter.ofDouble("eta-minus", 0.5, 0, 1, "step shrink factor η⁻ when the sign flips"),
                HyperParameter.ofDouble("step-min", 1e-6, 0, Double.MAX_VALUE, "smallest step size Δ_min"),
                HyperParameter.ofDouble("step-max", 50.0, 0, Double.MAX_VALUE, "largest step size Δ_max"),
                HyperParameter.ofDouble("weight-decay", 0.0, 0, Double.MAX_VALUE,
                        "L2 penalty coefficient added to the gradient as wd·θ"));
    }

    @Override
    public UpdateRule create(HyperParameters hp, NDList parameters) {
        double min = hp.getDouble("step-min");
        double max = hp.getDouble("step-max");
        if (min > max) {
            throw new IllegalArgumentException("rprop: step-min " + min + " exceeds step-max " + max);
        }
        return new Rule(parameters, hp.getDouble("lr"), hp.getDouble("eta-plus"), hp.getDouble("eta-minus"),
                min, max, hp.getDouble("weight-decay"));
    }

    private static final class Rule extends AnalyticalRule {
        private final double min;
        private final double max;
        private final NDArray[] previous;
        private final NDArray[] stepSize;
        private final NDArray linearCoefficient;
        private final NDArray quadraticCoefficient;
        private final NDArray one;

        Rule(NDList parameters, double initial, double etaPlus, double etaMinus, double min, double max,
                double weightDecay) {
            super("rprop", parameters, weightDecay);
            this.min = min;
            this.max = max;
            // factor(s) = 1 + a·s + b·s², so factor(1) = η⁺, factor(-1) = η⁻, factor(0) = 1
            linearCoefficient = constant((etaPlus - etaMinus) / 2);
            quadraticCoefficient = constant((etaPlus + etaMinus) / 2 - 1);
            one = constant(1);
            previous = new NDArray[parameters.size()];
            stepSize = new NDArray[parameters.size()];
            for (int i = 0; i < previous.length; i++) {
                previous[i] = zerosLike(parameters.get(i));
                stepSize[i] = zerosLike(parameters.get(i)).addi(initial);
            }
        }

        @Override
        protected void update(int i, NDArray p, NDArray g) {
            try (NDArray s = g.mul(previous[i])) {
                s.signi();
                try (NDArray factor = s.square()) {
                    factor.muli(quadraticCoefficient).addi(one);
                    try (NDArray linear = s.mul(linearCoefficient)) {
                        factor.addi(linear);
                    }
                    stepSize[i].muli(factor);
                }
                NDArray clipped = stepSize[i].clip(min, max);
                stepSize[i].close();
                stepSize[i] = clipped;
                // mask = 0 where the sign flipped (s = -1), 1 elsewhere
                s.addi(one).signi();
                NDArray kept = g.mul(s);
                kept.attach(manager);
                previous[i].close();
                previous[i] = kept;
                try (NDArray step = kept.sign()) {
                    p.subi(step.muli(stepSize[i]));
                }
            }
        }
    }
}
