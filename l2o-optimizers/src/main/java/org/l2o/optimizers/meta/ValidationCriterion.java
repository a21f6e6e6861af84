package org.l2o.optimizers.meta;

import java.util.Locale;

/** Which number of a validation decides whether the meta-parameters improved. */
public enum ValidationCriterion {
    /**
     * Mean loss over the last unroll of each run, the cost the reference L2O-DM code's evaluation
     * compares ("Log Mean Final Error"): it weighs the end of the horizon, where the optimizer is
     * judged, and averages enough steps to be far less noisy than the single last minibatch.
     */
    LAST_UNROLL,
    /** Mean loss over the whole horizon of each run: the sum meta-loss's own measure, early steps included. */
    TRAJECTORY,
    /**
     * Loss over the optimizee's training data (up to a sample cap) after the last step of each run:
     * the training loss at the horizon itself, which minibatch losses only estimate. Far less noisy
     * than either minibatch criterion, so choosing the best of many validations picks less of
     * their noise.
     */
    TRAIN_SPLIT;

    public double score(Evaluation.Result r) {
        return switch (this) {
            case LAST_UNROLL -> r.lastUnrollLoss();
            case TRAJECTORY -> r.meanLoss();
            case TRAIN_SPLIT -> r.trainSplitLoss();
        };
    }

    /** The command-line spelling: {@code last-unroll}, {@code trajectory}, {@code train-split}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The accepted spellings, for messages: {@code last-unroll or trajectory or train-split}. */
    public static String choices() {
        return java.util.Arrays.stream(values()).map(ValidationCriterion::label)
                .collect(java.util.stream.Collectors.joining(" or "));
    }

    public static ValidationCriterion parse(String s) {
        for (ValidationCriterion c : values()) {
            if (c.label().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown validation criterion '" + s + "': expected " + choices());
    }
}
