package org.l2o.optimizees.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How raw feature values are scaled before training: the {@code normalize} hyperparameter of
 * every dataset. Statistics come from the training split only and are applied unchanged to
 * the test split, so the test data never leaks into training.
 */
public enum Normalization {
    /** Raw values, e.g. pixels in [0, 255]. */
    NONE,
    /** Divided by the format's largest value (255 for 8-bit pixels), giving [0, 1]. */
    UNIT,
    /** Zero mean and unit variance per channel, with mean and deviation of the training split. */
    STANDARDIZE;

    /** The name users type. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a user's choice among {@code allowed}.
     *
     * @throws IllegalArgumentException naming the dataset, the value and the allowed ones
     */
    public static Normalization parse(String text, String dataset, Normalization... allowed) {
        for (Normalization n : allowed) {
            if (n.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        throw new IllegalArgumentException("'" + dataset + "' hyperparameter 'normalize': '" + text
                + "' is not one of " + Arrays.stream(allowed).map(Normalization::label).collect(Collectors.joining(", ")));
    }

    /**
     * Normalizes both splits in place. Each sample is {@code channels × perChannel} values,
     * channel-major (for images (C, H, W); for flat vectors each feature is its own channel).
     *
     * @param maxValue the format's largest value, used by {@link #UNIT}
     */
    public void apply(float[] train, float[] test, int channels, int perChannel, double maxValue) {
        switch (this) {
            case NONE -> { }
            case UNIT -> {
                float scale = (float) (1.0 / maxValue);
                scale(train, scale);
                scale(test, scale);
            }
            case STANDARDIZE -> {
                double[][] stats = meanAndDeviation(train, channels, perChannel);
                standardize(train, channels, perChannel, stats);
                standardize(test, channels, perChannel, stats);
            }
            default -> throw new AssertionError(this);
        }
    }

    private static void scale(float[] values, float scale) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= scale;
        }
    }

    /** Per-channel mean and standard deviation (population), in double precision. */
    static double[][] meanAndDeviation(float[] values, int channels, int perChannel) {
        int sampleSize = channels * perChannel;
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        for (int i = 0; i < values.length; i++) {
            int c = (i % sampleSize) / perChannel;
            sum[c] += values[i];
            sumSq[c] += (double) values[i] * values[i];
        }
        long perChannelCount = (long) (values.length / sampleSize) * perChannel;
        double[] mean = new double[channels];
        double[] deviation = new double[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = perChannelCount == 0 ? 0 : sum[c] / perChannelCount;
            double variance = perChannelCount == 0 ? 0 : sumSq[c] / perChannelCount - mean[c] * mean[c];
            double sd = Math.sqrt(Math.max(variance, 0));
            // A constant channel (e.g. an always-black border) is only centred, not blown up.
            deviation[c] = sd > 1e-8 ? sd : 1.0;
        }
        return new double[][] {mean, deviation};
    }

    private static void standardize(float[] values, int channels, int perChannel, double[][] stats) {
        int sampleSize = channels * perChannel;
        for (int i = 0; i < values.length; i++) {
            int c = (i % sampleSize) / perChannel;
            values[i] = (float) ((values[i] - stats[0][c]) / stats[1][c]);
        }
    }
}
