package org.l2o.optimizers.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What one seed's run produced.
 *
 * @param seed the seed of the initialization and of the batch order
 * @param trainLoss minibatch loss of steps 1..n: entry s-1 is the loss at the parameters before
 *     update s; for a diverged run the last entry is the non-finite loss that stopped it
 * @param evaluations test evaluations in step order
 * @param divergedAtStep the step whose loss was NaN or infinite (no update was applied), or -1
 * @param trainSeconds wall time of the training steps, excluding evaluations
 * @param savedParams where the final parameters were saved, or {@code null}
 */
public record SeedResult(long seed, float[] trainLoss, List<EvalPoint> evaluations, int divergedAtStep,
        double trainSeconds, Path savedParams) {

    public SeedResult {
        evaluations = List.copyOf(evaluations);
    }

    public boolean diverged() {
        return divergedAtStep >= 0;
    }

    /** Number of updates applied. */
    public int updates() {
        return diverged() ? trainLoss.length - 1 : trainLoss.length;
    }

    /** Updates per second of training time. */
    public double stepsPerSecond() {
        return trainSeconds > 0 ? updates() / trainSeconds : Double.NaN;
    }

    /** Mean minibatch loss over the last {@code window} steps (fewer if the run is shorter); NaN for none. */
    public double finalTrainLoss(int window) {
        int n = Math.min(Math.max(window, 1), trainLoss.length);
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = trainLoss.length - n; i < trainLoss.length; i++) {
            sum += trainLoss[i];
        }
        return sum / n;
    }

    /** The last evaluation, or {@code null} if there was none. */
    public EvalPoint lastEvaluation() {
        return evaluations.isEmpty() ? null : evaluations.get(evaluations.size() - 1);
    }
}
