package org.l2o.optimizers.analytical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * RMSprop (Tieleman &amp; Hinton, "Lecture 6.5 — rmsprop: divide the gradient by a running
 * average of its recent magnitude", COURSERA: Neural Networks for Machine Learning, 2012), with
 * the lecture's decay ρ = 0.9; optional momentum and the centred variant of Graves
 * ("Generating Sequences With Recurrent Neural Networks", 2013, eq. 38-41).
 *
 * <p>With g = ∇L(θ) + wd·θ: {@code s ← ρs + (1−ρ)g²}; centred: {@code ḡ ← ρḡ + (1−ρ)g} and
 * {@code s̃ = s − ḡ²}, else {@code s̃ = s}; {@code d = g/(√s̃ + ε)}; with momentum
 * {@code b ← μb + d}, {@code θ ← θ − lr·b}, else {@code θ ← θ − lr·d}. ε is added outside the
 * square root, as in PyTorch's {@code torch.optim.RMSprop}.
 */
public final class RmsPropOptimizer implements Optimizer {

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "RMSprop (Tieleman & Hinton 2012, lecture 6.5), optionally centred (Graves 2013) and with momentum";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofDouble("lr", 0.001, 0, Double.MAX_VALUE, "learning rate"),
                HyperParameter.ofDouble("rho", 0.9, 0, 1, "decay rate of the mean square of gradients"),
                HyperParameter.ofDouble("eps", 1e-8, 0, Double.MAX_VALUE, "ε added to the root mean square"),
                HyperParameter.ofDouble("momentum", 0.0, 0, 1, "momentum coefficient μ (0 = none)"),
                HyperParameter.ofBoolean("centered", false,
                        "divide by the estimated standard deviation instead of the root mean square (Graves 2013)"),
                HyperParameter.ofDouble("weight-decay", 0.0, 0, Double.MAX_VALUE,
                        "L2 penalty coefficient added to the gradient as wd·θ"));
    }

    @Override
    public UpdateRule create(HyperParameters hp, NDList parameters) {
        return new Rule(parameters, hp.getDouble("lr"), hp.getDouble("rho"), hp.getDouble("eps"),
                hp.getDouble("momentum"), hp.getBoolean("centered"), hp.getDouble("weight-decay"));
    }

    private static final class Rule extends AnalyticalRule {
        private final double lr;
        private final double rho;
        private final double eps;
        private final double momentum;
        private final NDArray[] meanSquare;
        private final NDArray[] mean;
        private final NDArray[] buffer;
        private final NDArray lrConstant;
        private final NDArray rhoConstant;
        private final NDArray oneMinusRho;
        private final NDArray epsConstant;
        private final NDArray momentumConstant;

        Rule(NDList parameters, double lr, double rho, double eps, double momentum, boolean centered,
                double weightDecay) {
            super("rmsprop", parameters, weightDecay);
            this.lr = lr;
            this.rho = rho;
            this.eps = eps;
            this.momentum = momentum;
            lrConstant = constant(lr);
            rhoConstant = constant(rho);
            oneMinusRho = constant(1 - rho);
            epsConstant = constant(eps);
            momentumConstant = constant(momentum);
            int n = parameters.size();
            meanSquare = new NDArray[n];
            mean = centered ? new NDArray[n] : null;
            buffer = momentum > 0 ? new NDArray[n] : null;
            for (int i = 0; i < n; i++) {
                meanSquare[i] = zerosLike(parameters.get(i));
                if (mean != null) {
                    mean[i] = zerosLike(parameters.get(i));
                }
                if (buffer != null) {
                    buffer[i] = zerosLike(parameters.get(i));
                }
            }
        }

        @Override
        protected void update(int i, NDArray p, NDArray g) {
            try (NDArray g2 = g.square()) {
                meanSquare[i].muli(rhoConstant).addi(g2.muli(oneMinusRho));
            }
            NDArray denom;
            if (mean != null) {
                try (NDArray gScaled = g.mul(oneMinusRho)) {
                    mean[i].muli(rhoConstant).addi(gScaled);
                }
                try (NDArray mean2 = mean[i].square(); NDArray variance = meanSquare[i].sub(mean2)) {
                    denom = variance.sqrt();
                }
            } else {
                denom = meanSquare[i].sqrt();
            }
            try (denom) {
                denom.addi(epsConstant);
                try (NDArray direction = g.div(denom)) {
                    if (buffer != null) {
                        buffer[i].muli(momentumConstant).addi(direction);
                        try (NDArray step = buffer[i].mul(lrConstant)) {
                            p.subi(step);
                        }
                    } else {
                        p.subi(direction.muli(lrConstant));
                    }
                }
            }
        }
    }
}
