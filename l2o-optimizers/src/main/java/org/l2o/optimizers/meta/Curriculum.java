package org.l2o.optimizers.meta;

import java.util.List;

/**
 * The curriculum of L2O-DM-CL (Chen et al., "Training Stronger Baselines for Learning to
 * Optimize", NeurIPS 2020): stage s meta-trains at horizon {@code horizons[s]} and is validated at
 * the next stage's horizon (the last stage at its own); after {@code patience} validations
 * without improvement the best meta-parameters of the stage are restored and the next stage
 * begins; the run ends after the last stage. In stage s a fraction {@code imitation[s]} of the
 * epochs (drawn per epoch from the run's seed) imitate an Adam teacher.
 *
 * @param horizons optimizee steps per epoch of each stage
 * @param patience validations without improvement before moving on
 * @param imitation fraction of imitation epochs per stage (the last value repeats)
 */
public record Curriculum(List<Integer> horizons, int patience, List<Double> imitation) {

    /** The reference schedule: 100, 200, 500, 1000, 1500, 2000, 2500, 3000; patience 3; imitation 0, 0.1, 0.3, 0.5. */
    public static Curriculum reference() {
        return new Curriculum(List.of(100, 200, 500, 1000, 1500, 2000, 2500, 3000), 3, List.of(0.0, 0.1, 0.3, 0.5));
    }

    public Curriculum {
        horizons = List.copyOf(horizons);
        imitation = List.copyOf(imitation);
        if (horizons.isEmpty() || horizons.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("curriculum horizons must be a non-empty list of values >= 1: " + horizons);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("curriculum patience must be >= 1, got " + patience);
        }
        if (imitation.stream().anyMatch(f -> !(f >= 0 && f <= 1))) {
            throw new IllegalArgumentException("imitation fractions must lie in [0, 1]: " + imitation);
        }
    }

    public int stages() {
        return horizons.size();
    }

    /** Training horizon of a stage. */
    public int horizon(int stage) {
        return horizons.get(stage);
    }

    /** Validation horizon of a stage: the next stage's horizon, or the last one. */
    public int validationHorizon(int stage) {
        return horizons.get(Math.min(stage + 1, horizons.size() - 1));
    }

    /** Imitation fraction of a stage. */
    public double imitationFraction(int stage) {
        return imitation.isEmpty() ? 0 : imitation.get(Math.min(stage, imitation.size() - 1));
    }
}
