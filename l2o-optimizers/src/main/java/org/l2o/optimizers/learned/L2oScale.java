package org.l2o.optimizers.learned;

import java.util.List;
import java.util.Map;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;

/**
 * L2O-Scale (Wichrowska et al., "Learned Optimizers that Scale and Generalize", ICML 2017): the
 * hierarchical per-parameter / per-tensor / global GRU optimizer of {@link ScaleNetwork},
 * meta-trained on the mean log relative loss with RMSProp and heavy-tailed unroll lengths.
 */
public final class L2oScale extends LearnedOptimizer {

    @Override
    public String name() {
        return "l2o-scale";
    }

    @Override
    public String description() {
        return "hierarchical RNN learned optimizer (Wichrowska et al., ICML 2017)";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofInt("parameter-units", 10, 1, 1024, "per-parameter GRU units"),
                HyperParameter.ofInt("tensor-units", 20, 1, 1024, "per-tensor GRU units"),
                HyperParameter.ofInt("global-units", 20, 1, 1024, "global GRU units"),
                HyperParameter.ofDouble("initial-lr", 1e-3, 1e-8, 10, "initial per-coordinate learning rate exp(η)"),
                HyperParameter.ofLong("init-seed", 0L, "seed of the initial (untrained) meta-parameters"));
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("paper", "arXiv:1703.04813", "meta-training", recipe().toString(), "meta-gradient",
                defaultMetaGradient().label());
    }

    @Override
    public LearnedNetwork network(HyperParameters hp) {
        return new ScaleNetwork(name(), hp.getInt("parameter-units"), hp.getInt("tensor-units"),
                hp.getInt("global-units"), hp.getDouble("initial-lr"));
    }

    @Override
    public MetaRecipe recipe() {
        return new MetaRecipe(20, 100, MetaRecipe.MetaLoss.MEAN_LOG_RELATIVE, MetaRecipe.MetaOptimizerKind.RMSPROP,
                1e-4, 1.0, true);
    }
}
