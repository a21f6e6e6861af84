package org.l2o.optimizers.meta;

/**
 * What one meta-training epoch measured, one row of the meta-training CSV.
 *
 * @param epoch the epoch index, from 0
 * @param stage the curriculum stage (0 without a curriculum)
 * @param horizon optimizee steps in this epoch
 * @param imitation whether this epoch imitated the teacher instead of minimizing the loss
 * @param metaLoss mean over the epoch's unrolls of the unroll's meta-loss (sum of losses, mean
 *     log relative loss, or imitation error)
 * @param meanLoss mean optimizee training loss over the epoch's steps
 * @param finalLoss the optimizee loss after the last step
 * @param regularizer mean regularizer value R(θ_T) over the unrolls, NaN without a regularizer
 * @param metaGradientNorm mean L2 norm of the (unclipped) finite meta-gradients
 * @param metaSteps meta-gradient steps applied
 * @param skipped meta-gradient steps skipped because the gradient was not finite
 * @param diverged whether the optimizee loss became non-finite (the epoch stopped early)
 * @param seconds wall time of the epoch
 */
public record EpochResult(
        long epoch,
        int stage,
        int horizon,
        boolean imitation,
        double metaLoss,
        double meanLoss,
        double finalLoss,
        double regularizer,
        double metaGradientNorm,
        int metaSteps,
        int skipped,
        boolean diverged,
        double seconds) {

    /** CSV header matching {@link #csvRow()}. */
    public static String csvHeader() {
        return "epoch,stage,horizon,imitation,meta_loss,mean_loss,final_loss,regularizer,meta_grad_norm,"
                + "meta_steps,skipped,diverged,seconds";
    }

    /** This result as one CSV line (no newline). */
    public String csvRow() {
        return epoch + "," + stage + "," + horizon + "," + imitation + "," + metaLoss + "," + meanLoss + ","
                + finalLoss + "," + regularizer + "," + metaGradientNorm + "," + metaSteps + "," + skipped + ","
                + diverged + "," + String.format(java.util.Locale.ROOT, "%.3f", seconds);
    }
}
