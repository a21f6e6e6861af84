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
 * @param residentBytes the process's resident memory (VmRSS) at the end of the epoch, after the
 *     epoch's garbage was collected ({@link org.l2o.optimizers.training.NativeMemory}); -1 where
 *     unknown, 0 in checkpoints written before it was recorded
 * @param peakResidentBytes the process's peak resident memory (VmHWM) so far; -1 or 0 as above
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
        double seconds,
        long residentBytes,
        long peakResidentBytes) {

    /** CSV header matching {@link #csvRow()}. */
    public static String csvHeader() {
        return "epoch,stage,horizon,imitation,meta_loss,mean_loss,final_loss,regularizer,meta_grad_norm,"
                + "meta_steps,skipped,diverged,seconds,rss_mib,peak_rss_mib";
    }

    /** This result as one CSV line (no newline). */
    public String csvRow() {
        return epoch + "," + stage + "," + horizon + "," + imitation + "," + metaLoss + "," + meanLoss + ","
                + finalLoss + "," + regularizer + "," + metaGradientNorm + "," + metaSteps + "," + skipped + ","
                + diverged + "," + String.format(java.util.Locale.ROOT, "%.3f,%s,%s", seconds, mebibytes(residentBytes),
                        mebibytes(peakResidentBytes));
    }

    /** This result with the process's memory as measured now. */
    public EpochResult withMemory(long resident, long peak) {
        return new EpochResult(epoch, stage, horizon, imitation, metaLoss, meanLoss, finalLoss, regularizer,
                metaGradientNorm, metaSteps, skipped, diverged, seconds, resident, peak);
    }

    private static String mebibytes(long bytes) {
        return bytes > 0 ? String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0)) : "";
    }
}
