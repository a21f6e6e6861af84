package org.l2o.optimizers.learned;

/**
 * The meta-training defaults of an architecture's paper; every value can be overridden by the
 * meta-trainer's configuration.
 *
 * @param unroll optimizee steps per truncated unroll (one meta-gradient step each)
 * @param stepsPerEpoch optimizee steps per epoch (one fresh optimizee per epoch)
 * @param metaLoss how losses along an unroll are combined
 * @param metaOptimizer the optimizer of φ
 * @param metaLearningRate its learning rate
 * @param clipNorm largest global L2 norm of a meta-gradient; larger ones are scaled down
 * @param heavyTailedUnrolls whether unroll lengths are drawn from a heavy-tailed distribution
 *     around {@code unroll} (L2O-Scale) instead of fixed
 */
public record MetaRecipe(
        int unroll,
        int stepsPerEpoch,
        MetaLoss metaLoss,
        MetaOptimizerKind metaOptimizer,
        double metaLearningRate,
        double clipNorm,
        boolean heavyTailedUnrolls) {

    /** How the losses L(θ_1..θ_T) of an unroll form the meta-loss. */
    public enum MetaLoss {
        /** Σ_t L(θ_t), as L2O-DM. */
        SUM,
        /** (1/T) Σ_t log(L(θ_t) / L(θ_0)), θ_0 the epoch's initial point, as L2O-Scale. */
        MEAN_LOG_RELATIVE
    }

    /** The optimizer that updates φ. */
    public enum MetaOptimizerKind {
        ADAM,
        RMSPROP
    }

    public MetaRecipe {
        if (unroll < 1 || stepsPerEpoch < 1) {
            throw new IllegalArgumentException("unroll " + unroll + " and steps per epoch " + stepsPerEpoch
                    + " must be >= 1");
        }
        if (!(metaLearningRate > 0)) {
            throw new IllegalArgumentException("meta learning rate must be > 0, got " + metaLearningRate);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("meta-gradient clip norm must be > 0, got " + clipNorm);
        }
    }

    public MetaRecipe withUnroll(int u) {
        return new MetaRecipe(u, stepsPerEpoch, metaLoss, metaOptimizer, metaLearningRate, clipNorm, heavyTailedUnrolls);
    }

    public MetaRecipe withStepsPerEpoch(int s) {
        return new MetaRecipe(unroll, s, metaLoss, metaOptimizer, metaLearningRate, clipNorm, heavyTailedUnrolls);
    }

    public MetaRecipe withMetaLoss(MetaLoss l) {
        return new MetaRecipe(unroll, stepsPerEpoch, l, metaOptimizer, metaLearningRate, clipNorm, heavyTailedUnrolls);
    }

    public MetaRecipe withMetaOptimizer(MetaOptimizerKind o, double lr) {
        return new MetaRecipe(unroll, stepsPerEpoch, metaLoss, o, lr, clipNorm, heavyTailedUnrolls);
    }

    public MetaRecipe withClipNorm(double c) {
        return new MetaRecipe(unroll, stepsPerEpoch, metaLoss, metaOptimizer, metaLearningRate, c, heavyTailedUnrolls);
    }

    public MetaRecipe withHeavyTailedUnrolls(boolean h) {
        return new MetaRecipe(unroll, stepsPerEpoch, metaLoss, metaOptimizer, metaLearningRate, clipNorm, h);
    }
}
