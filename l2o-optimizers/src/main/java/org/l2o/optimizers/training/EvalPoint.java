package org.l2o.optimizers.training;

/**
 * One evaluation on the test split.
 *
 * @param step number of updates applied before the evaluation (0 = initial parameters)
 * @param testLoss mean loss over the evaluated test samples
 * @param testAccuracy fraction classified correctly, NaN for objectives that do not classify
 * @param residentBytes resident memory of the process right after the evaluation, -1 if unknown
 */
public record EvalPoint(int step, double testLoss, double testAccuracy, long residentBytes) {}
