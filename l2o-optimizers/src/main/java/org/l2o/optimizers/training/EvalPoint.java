package org.l2o.optimizers.training;

/**
 * One evaluation on the test split, and optionally on the train split.
 *
 * @param step number of updates applied before the evaluation (0 = initial parameters)
 * @param testLoss mean loss over the evaluated test samples
 * @param testAccuracy fraction classified correctly, NaN for objectives that do not classify
 * @param residentBytes resident memory of the process right after the evaluation, -1 if unknown
 * @param trainSplitLoss mean loss over the evaluated train samples at the same parameters, NaN when the
 *     train split is not evaluated ({@link TrainingSpec#evalTrainSamples()} 0)
 */
public record EvalPoint(int step, double testLoss, double testAccuracy, long residentBytes, double trainSplitLoss) {

    /** An evaluation on the test split only. */
    public EvalPoint(int step, double testLoss, double testAccuracy, long residentBytes) {
        this(step, testLoss, testAccuracy, residentBytes, Double.NaN);
    }
}
