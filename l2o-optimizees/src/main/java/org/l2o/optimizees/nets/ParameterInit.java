package org.l2o.optimizees.nets;

import java.util.SplittableRandom;

/**
 * How one parameter tensor is drawn at initialization. Values are drawn on the Java side from a
 * seeded {@link SplittableRandom}, so equal seeds give equal parameters on every engine and device.
 *
 * @param kind the distribution
 * @param std its standard deviation (ignored for {@link Kind#ZEROS})
 */
public record ParameterInit(Kind kind, double std) {

    /** The distributions in use. */
    public enum Kind {
        /** N(0, std²), as L2O-DM's MNIST MLP draws weights and biases. */
        NORMAL,
        /** N(0, std²) truncated to ±2·std (Sonnet's default, std = 1/√fan-in). */
        TRUNCATED_NORMAL,
        /** All zeros. */
        ZEROS
    }

    public static ParameterInit normal(double std) {
        return new ParameterInit(Kind.NORMAL, std);
    }

    public static ParameterInit truncatedNormal(double std) {
        return new ParameterInit(Kind.TRUNCATED_NORMAL, std);
    }

    public static ParameterInit zeros() {
        return new ParameterInit(Kind.ZEROS, 0);
    }

    /** Draws {@code n} values from this distribution. */
    float[] draw(SplittableRandom random, int n) {
        float[] out = new float[n];
        switch (kind) {
            case NORMAL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) (std * random.nextGaussian());
                }
            }
            case TRUNCATED_NORMAL -> {
                for (int i = 0; i < n; i++) {
                    double z;
                    do {
                        z = random.nextGaussian();
                    } while (Math.abs(z) > 2);
                    out[i] = (float) (std * z);
                }
            }
            case ZEROS -> {
                // already zero
            }
        }
        return out;
    }

    /** A short text for listings, e.g. {@code N(0, 0.01²)}. */
    public String describe() {
        return switch (kind) {
            case NORMAL -> "N(0, " + std + "^2)";
            case TRUNCATED_NORMAL -> "truncated N(0, " + (float) std + "^2) at 2 std";
            case ZEROS -> "zeros";
        };
    }
}
