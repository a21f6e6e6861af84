package org.l2o.optimizers.learned;

import java.util.List;
import java.util.Map;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;

/**
 * L2O-DM (Andrychowicz et al., "Learning to learn by gradient descent by gradient descent",
 * NeurIPS 2016): the coordinatewise two-layer LSTM optimizer, see {@link DmNetwork}.
 * Meta-trained with truncated back-propagation (unrolls of 20, 100 steps per epoch), the sum of
 * losses as meta-loss and Adam 1e-3.
 */
public class L2oDm extends LearnedOptimizer {

    public static final String NAME = "l2o-dm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "coordinatewise 2-layer LSTM learned optimizer (Andrychowicz et al., NeurIPS 2016)";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofInt("hidden", 20, 1, 1024, "LSTM units per layer"),
                HyperParameter.ofDouble("k", 5.0, 1e-3, 100.0,
                        "log-and-sign gradient preprocessing threshold (reference code 5, paper 10)"),
                HyperParameter.ofDouble("output-scale", 0.01, "factor on the LSTM's linear output"),
                HyperParameter.ofLong("init-seed", 0L, "seed of the initial (untrained) meta-parameters"));
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("paper", "arXiv:1606.04474", "meta-training", recipe().toString(), "meta-gradient",
                defaultMetaGradient().label());
    }

    @Override
    public LearnedNetwork network(HyperParameters hp) {
        return new DmNetwork(name(), hp.getInt("hidden"), hp.getDouble("k"), hp.getDouble("output-scale"));
    }

    @Override
    public MetaRecipe recipe() {
        return new MetaRecipe(20, 100, MetaRecipe.MetaLoss.SUM, MetaRecipe.MetaOptimizerKind.ADAM, 1e-3, 1.0, false);
    }

    /**
     * Exact, not L2O-DM's first-order approximation: on mlp-sigmoid/MNIST the first-order
     * meta-gradient's dropped terms are large (the log preprocessing, d log|g|/dg = 1/g with
     * |g| ~ 1e-3) and following it made the real meta-loss rise, while exact meta-gradients beat
     * tuned Adam within 30 minutes (README, Learned optimizers → Quality).
     */
    @Override
    public MetaGradient defaultMetaGradient() {
        return MetaGradient.EXACT;
    }
}
