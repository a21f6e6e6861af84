package org.l2o.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * An objective's mean loss (and accuracy) over many samples of a split at fixed parameters, in
 * chunks so that memory stays bounded: the full-data numbers a minibatch loss only estimates. Used
 * by the training harness's evaluations and by meta-training's validation.
 */
public final class SplitEvaluation {

    /**
     * @param loss mean loss over the evaluated samples
     * @param accuracy mean accuracy over them (NaN unless asked for, or for objectives that do not classify)
     */
    public record Means(double loss, double accuracy) {}

    private SplitEvaluation() {}

    /**
     * @param objective the loss
     * @param params the parameters (not changed, not attached elsewhere)
     * @param split the samples
     * @param n how many of the first samples to evaluate (capped at the split's size)
     * @param chunk samples per forward pass (bounds memory, not results)
     * @param accuracy whether to compute the accuracy too
     * @param root a manager under which each chunk's arrays live and die
     */
    public static Means over(Objective objective, NDList params, LabeledData split, int n, int chunk,
            boolean accuracy, NDManager root) {
        if (n < 1 || chunk < 1) {
            throw new IllegalArgumentException("samples and chunk size must be >= 1, got " + n + ", " + chunk);
        }
        int count = Math.min(n, split.size());
        double lossSum = 0;
        double accSum = 0;
        // Results of DJL ops land in the first operand's manager, so each chunk works on its own
        // copy of the parameters: nothing accumulates in root or across chunks.
        for (int from = 0; from < count; from += chunk) {
            int to = Math.min(count, from + chunk);
            try (NDManager scope = root.newSubManager()) {
                NDList view = NDLists.copy(scope, params);
                Batch batch = split.range(scope, from, to);
                lossSum += scalar(objective.loss(view, batch)) * (to - from);
                if (accuracy) {
                    accSum += objective.accuracy(view, batch) * (to - from);
                }
            }
        }
        return new Means(lossSum / count, accuracy ? accSum / count : Double.NaN);
    }

    /** The value of a one-element loss array, in double. */
    public static double scalar(NDArray loss) {
        if (loss.size() != 1) {
            throw new IllegalStateException("the loss must be a scalar, got shape " + loss.getShape());
        }
        return switch (loss.getDataType()) {
            case FLOAT32 -> loss.getFloat();
            case FLOAT64 -> loss.getDouble();
            default -> loss.toType(DataType.FLOAT64, false).getDouble();
        };
    }
}
