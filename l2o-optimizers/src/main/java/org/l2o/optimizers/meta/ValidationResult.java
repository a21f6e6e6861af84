package org.l2o.optimizers.meta;

/**
 * One validation of the meta-parameters during meta-training.
 *
 * @param epoch the number of epochs trained when it was taken
 * @param stage the curriculum stage
 * @param horizon the optimizee steps of each validation run
 * @param meanLoss mean training loss along the runs (the selection criterion)
 * @param finalLoss mean loss after the last step
 * @param best whether it improved on the stage's best so far
 */
public record ValidationResult(long epoch, int stage, int horizon, double meanLoss, double finalLoss, boolean best) {

    public static String csvHeader() {
        return "epoch,stage,horizon,val_mean_loss,val_final_loss,best";
    }

    public String csvRow() {
        return epoch + "," + stage + "," + horizon + "," + meanLoss + "," + finalLoss + "," + best;
    }
}
