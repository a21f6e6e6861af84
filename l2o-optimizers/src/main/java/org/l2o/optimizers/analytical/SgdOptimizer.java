package org.l2o.optimizers.analytical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * Stochastic gradient descent (Robbins &amp; Monro, "A Stochastic Approximation Method", 1951), with
 * heavy-ball momentum (Polyak, "Some methods of speeding up the convergence of iteration
 * methods", 1964) and Nesterov's accelerated gradient in the form of Sutskever, Martens, Dahl
 * &amp; Hinton ("On the importance of initialization and momentum in deep learning", ICML 2013).
 *
 * <p>With g = ∇L(θ) + wd·θ: {@code v ← μ·v + g}; {@code θ ← θ − lr·v}, or with Nesterov
 * {@code θ ← θ − lr·(g + μ·v)}; without momentum {@code θ ← θ − lr·g}. This is PyTorch's
 * {@code torch.optim.SGD} with dampening 0, and equals DJL's momentum SGD for a constant lr.
 */
public final class SgdOptimizer implements Optimizer {

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "Stochastic gradient descent (Robbins & Monro 1951) with optional momentum (Polyak 1964)"
                + " and Nesterov momentum (Sutskever et al. 2013)";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofDouble("lr", 0.01, 0, Double.MAX_VALUE, "learning rate"),
                HyperParameter.ofDouble("momentum", 0.0, 0, 1, "momentum coefficient μ (0 = plain SGD)"),
                HyperParameter.ofBoolean("nesterov", false, "use Nesterov momentum (needs momentum > 0)"),
                HyperParameter.ofDouble("weight-decay", 0.0, 0, Double.MAX_VALUE,
                        "L2 penalty coefficient added to the gradient as wd·θ"));
    }

    @Override
    public UpdateRule create(HyperParameters hp, NDList parameters) {
        double lr = hp.getDouble("lr");
        double momentum = hp.getDouble("momentum");
        boolean nesterov = hp.getBoolean("nesterov");
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("sgd: nesterov=true needs momentum > 0");
        }
        return new Rule(parameters, lr, momentum, nesterov, hp.getDouble("weight-decay"));
    }

    private static final class Rule extends AnalyticalRule {
        private final double lr;
        private final double momentum;
        private final boolean nesterov;
        private final NDArray[] velocity;
        private final NDArray lrConstant;
        private final NDArray momentumConstant;

        Rule(NDList parameters, double lr, double momentum, boolean nesterov, double weightDecay) {
            super("sgd", parameters, weightDecay);
            this.lr = lr;
            this.momentum = momentum;
            this.nesterov = nesterov;
            this.lrConstant = constant(lr);
            this.momentumConstant = constant(momentum);
            this.velocity = new NDArray[parameters.size()];
            if (momentum > 0) {
                for (int i = 0; i < velocity.length; i++) {
                    velocity[i] = zerosLike(parameters.get(i));
                }
            }
        }

        @Override
        protected void update(int i, NDArray p, NDArray g) {
            if (momentum == 0) {
                try (NDArray step = g.mul(lrConstant)) {
                    p.subi(step);
                }
                return;
            }
            NDArray v = velocity[i];
            v.muli(momentumConstant).addi(g);
            if (nesterov) {
                try (NDArray step = v.mul(momentumConstant)) {
                    step.addi(g).muli(lrConstant);
                    p.subi(step);
                }
            } else {
                try (NDArray step = v.mul(lrConstant)) {
                    p.subi(step);
                }
            }
        }
    }
}
