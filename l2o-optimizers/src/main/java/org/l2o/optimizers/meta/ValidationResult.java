package org.l2o.optimizers.meta;

/**
 * One validation of the meta-parameters during meta-training.
 *
 * @param epoch the number of epochs trained when it was taken
 * @param stage the curriculum stage
 * @param horizon the optimizee steps of each validation run
 * @param meanLoss mean training loss along the runs
 * @param lastUnrollLoss mean training loss over the runs' last unroll
 * @param finalLoss mean loss after the last step
 * @param trainSplitLoss mean loss over the optimizee's training data after the last step (NaN unless the
 *     criterion is {@link ValidationCriterion#TRAIN_SPLIT})
 * @param score the number selection compares (one of the above, see {@link ValidationCriterion})
 * @param best whether it improved on the stage's best so far
 */
public record ValidationResult(long epoch, int stage, int horizon, double meanLoss, double lastUnrollLoss,
        double finalLoss, double trainSplitLoss, double score, boolean best) {

    public static String csvHeader() {
        return "epoch,stage,horizon,val_mean_loss,val_last_unroll_loss,val_final_loss,val_train_split_loss,score,best";
    }

    public String csvRow() {
        return epoch + "," + stage + "," + horizon + "," + meanLoss + "," + lastUnrollLoss + "," + finalLoss + ","
                + (Double.isNaN(trainSplitLoss) ? "" : trainSplitLoss) + "," + score + "," + best;
    }
}
