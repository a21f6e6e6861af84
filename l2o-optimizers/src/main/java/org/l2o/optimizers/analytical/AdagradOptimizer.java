package org.l2o.optimizers.analytical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * AdaGrad with diagonal matrices (Duchi, Hazan &amp; Singer, "Adaptive Subgradient Methods for
 * Online Learning and Stochastic Optimization", JMLR 12, 2011, §1.1 and Figure 1).
 *
 * <p>With g = ∇L(θ) + wd·θ: {@code G ← G + g²}; {@code θ ← θ − lr·g/(√G + ε)}; G starts at
 * {@code initial-accumulator}. Defaults follow PyTorch's {@code torch.optim.Adagrad}.
 */
public final class AdagradOptimizer implements Optimizer {

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public String description() {
        return "AdaGrad (Duchi, Hazan & Singer, JMLR 2011): per-coordinate steps scaled by accumulated squared gradients";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofDouble("lr", 0.01, 0, Double.MAX_VALUE, "learning rate η"),
                HyperParameter.ofDouble("eps", 1e-10, 0, Double.MAX_VALUE, "ε added to √G"),
                HyperParameter.ofDouble("initial-accumulator", 0.0, 0, Double.MAX_VALUE,
                        "starting value of the squared-gradient sum G"),
                HyperParameter.ofDouble("weight-decay", 0.0, 0, Double.MAX_VALUE,
                        "L2 penalty coefficient added to the gradient as wd·θ"));
    }

    @Override
    public UpdateRule create(HyperParameters hp, NDList parameters) {
        return new Rule(parameters, hp.getDouble("lr"), hp.getDouble("eps"),
                hp.getDouble("initial-accumulator"), hp.getDouble("weight-decay"));
    }

    private static final class Rule extends AnalyticalRule {
        private final double lr;
        private final double eps;
        private final NDArray[] sum;
        private final NDArray lrConstant;
        private final NDArray epsConstant;

        Rule(NDList parameters, double lr, double eps, double initial, double weightDecay) {
            super("adagrad", parameters, weightDecay);
            this.lr = lr;
            this.eps = eps;
            this.lrConstant = constant(lr);
            this.epsConstant = constant(eps);
            this.sum = new NDArray[parameters.size()];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = zerosLike(parameters.get(i));
                if (initial != 0) {
                    sum[i].addi(initial);
                }
            }
        }

        @Override
        protected void update(int i, NDArray p, NDArray g) {
            try (NDArray g2 = g.square()) {
                sum[i].addi(g2);
            }
            try (NDArray denom = sum[i].sqrt()) {
                denom.addi(epsConstant);
                try (NDArray step = g.div(denom)) {
                    p.subi(step.muli(lrConstant));
                }
            }
        }
    }
}
