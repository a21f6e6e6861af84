package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A learned optimizer as a standard DJL {@link Optimizer}, so that a meta-trained optimizer can
 * train any DJL {@code Block} with a {@code Trainer}:
 *
 * <pre>{@code
 * TrainedOptimizer l2o = SavedOptimizer.load(Path.of("runs/dm"));
 * DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
 *         .optOptimizer(LearnedDjlOptimizer.builder().setOptimizer(l2o).build());
 * }</pre>
 *
 * <p>Each parameter (by id and device) gets its own {@link LearnedUpdateRule} with its own
 * recurrent state, created on its first update; for the coordinatewise L2O-DM this is the same as
 * one rule over all parameters. As DJL requires of a third-party optimizer, {@link #update}
 * changes {@code weight} in place and zeroes {@code weight.getGradient()} itself; it runs outside
 * the gradient collector. The builder's rescale, clip and weight-decay settings are applied to
 * the gradient before the network sees it. The loss is not known to a DJL optimizer, so networks
 * receive NaN for it (L2O-DM does not read it).
 */
public final class LearnedDjlOptimizer extends Optimizer {

    private final LearnedNetwork network;
    private final MetaParameters phi;
    private final Map<String, LearnedUpdateRule> rules = new HashMap<>();

    private LearnedDjlOptimizer(Builder builder) {
        super(builder);
        this.network = builder.network;
        this.phi = builder.phi.copy();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        updateCount(parameterId);
        String key = parameterId + "@" + weight.getDevice();
        LearnedUpdateRule rule = rules.computeIfAbsent(key, k -> new LearnedUpdateRule(network, phi, new NDList(weight)));
        try (NDManager tmp = weight.getManager().newSubManager()) {
            NDArray g = grad.mul(rescaleGrad);
            g.attach(tmp);
            if (clipGrad > 0) {
                g = g.clip(-clipGrad, clipGrad);
            }
            float wd = getWeightDecay();
            if (wd > 0) {
                NDArray decay = weight.mul(wd);
                decay.attach(tmp);
                g = g.add(decay);
            }
            rule.step(new NDList(weight), new NDList(g), Double.NaN);
        }
        if (weight.hasGradient()) {
            NDArray own = weight.getGradient();
            own.subi(own);
        }
    }

    /** Settings: the learned optimizer plus DJL's gradient rescale, clip and weight decay. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private LearnedNetwork network;
        private MetaParameters phi;

        /** A meta-trained optimizer, e.g. from {@code SavedOptimizer.load}. */
        public Builder setOptimizer(TrainedOptimizer optimizer) {
            return setNetwork(optimizer.network(), optimizer.metaParameters());
        }

        /** A network and its meta-parameters. */
        public Builder setNetwork(LearnedNetwork net, MetaParameters metaParameters) {
            if (!metaParameters.specs().equals(net.parameterSpecs())) {
                throw new IllegalArgumentException("meta-parameters do not fit " + net.architecture());
            }
            this.network = net;
            this.phi = metaParameters;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public LearnedDjlOptimizer build() {
            Objects.requireNonNull(network, "set the learned optimizer with setOptimizer or setNetwork");
            return new LearnedDjlOptimizer(this);
        }
    }
}
