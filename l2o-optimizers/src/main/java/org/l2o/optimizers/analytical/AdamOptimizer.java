package org.l2o.optimizers.analytical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1),
 * with the paper's defaults lr = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
 *
 * <p>With g = ∇L(θ) + wd·θ: {@code m ← β₁m + (1−β₁)g}, {@code v ← β₂v + (1−β₂)g²},
 * {@code θ ← θ − lr·m̂/(√v̂ + ε)} with {@code m̂ = m/(1−β₁ᵗ)}, {@code v̂ = v/(1−β₂ᵗ)}. The
 * bias corrections are folded into two scalars per step (the rearrangement of the paper's §2,
 * with ε scaled so the result equals Algorithm 1 exactly), which saves two array operations per
 * parameter.
 */
public final class AdamOptimizer implements Optimizer {

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String description() {
        return "Adam (Kingma & Ba, ICLR 2015): bias-corrected first and second moment estimates";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofDouble("lr", 0.001, 0, Double.MAX_VALUE, "learning rate (step size α)"),
                HyperParameter.ofDouble("beta1", 0.9, 0, 1, "decay rate of the first moment estimate"),
                HyperParameter.ofDouble("beta2", 0.999, 0, 1, "decay rate of the second moment estimate"),
                HyperParameter.ofDouble("eps", 1e-8, 0, Double.MAX_VALUE, "ε added to √v̂ for stability"),
                HyperParameter.ofDouble("weight-decay", 0.0, 0, Double.MAX_VALUE,
                        "L2 penalty coefficient added to the gradient as wd·θ (not decoupled AdamW)"));
    }

    @Override
    public UpdateRule create(HyperParameters hp, NDList parameters) {
        double beta1 = hp.getDouble("beta1");
        double beta2 = hp.getDouble("beta2");
        if (beta1 >= 1 || beta2 >= 1) {
            throw new IllegalArgumentException("adam: beta1 and beta2 must be below 1, got " + beta1 + " and " + beta2);
        }
        return new Rule(parameters, hp.getDouble("lr"), beta1, beta2, hp.getDouble("eps"),
                hp.getDouble("weight-decay"));
    }

    private static final class Rule extends AnalyticalRule {
        private final double lr;
        private final double beta1;
        private final double beta2;
        private final double eps;
        private final NDArray[] m;
        private final NDArray[] v;
        private final NDArray beta1Constant;
        private final NDArray oneMinusBeta1;
        private final NDArray beta2Constant;
        private final NDArray oneMinusBeta2;
        private NDArray stepScale;
        private NDArray epsHat;

        Rule(NDList parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
            super("adam", parameters, weightDecay);
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
            this.beta1Constant = constant(beta1);
            this.oneMinusBeta1 = constant(1 - beta1);
            this.beta2Constant = constant(beta2);
            this.oneMinusBeta2 = constant(1 - beta2);
            this.m = new NDArray[parameters.size()];
            this.v = new NDArray[parameters.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = zerosLike(parameters.get(i));
                v[i] = zerosLike(parameters.get(i));
            }
        }

        @Override
        protected void beforeStep() {
            long t = stepCount();
            double bc1 = 1 - Math.pow(beta1, t);
            double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
            // lr·m̂/(√v̂+ε) = (lr·√bc2/bc1)·m/(√v + ε·√bc2)
            if (stepScale != null) {
                stepScale.close();
                epsHat.close();
            }
            stepScale = constant(lr * sqrtBc2 / bc1);
            epsHat = constant(eps * sqrtBc2);
        }

        @Override
        protected void update(int i, NDArray p, NDArray g) {
            try (NDArray gScaled = g.mul(oneMinusBeta1)) {
                m[i].muli(beta1Constant).addi(gScaled);
            }
            try (NDArray g2 = g.square()) {
                v[i].muli(beta2Constant).addi(g2.muli(oneMinusBeta2));
            }
            try (NDArray denom = v[i].sqrt()) {
                denom.addi(epsHat);
                try (NDArray step = m[i].div(denom)) {
                    p.subi(step.muli(stepScale));
                }
            }
        }
    }
}
