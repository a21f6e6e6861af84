package org.l2o.api;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Labelled samples held on the Java heap: features already normalized, stored row-major as
 * one float per feature. Immutable by contract (the arrays are not copied; do not change them).
 */
public final class LabeledData {

    private final float[] features;
    private final int[] labels;
    private final Shape sampleShape;
    private final int numClasses;
    private final int featureCount;

    /**
     * @param features {@code labels.length × sampleShape.size()} values, row-major
     * @param labels class indices in {@code [0, numClasses)}
     * @param sampleShape shape of one sample, e.g. (1, 28, 28)
     * @param numClasses number of classes
     */
    public LabeledData(float[] features, int[] labels, Shape sampleShape, int numClasses) {
        this.features = features;
        this.labels = labels;
        this.sampleShape = sampleShape;
        this.numClasses = numClasses;
        long perSample = sampleShape.size();
        if (perSample <= 0 || perSample > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad sample shape " + sampleShape);
        }
        this.featureCount = (int) perSample;
        if ((long) labels.length * featureCount != features.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + (long) labels.length * featureCount
                    + " feature values of shape " + sampleShape + ", got " + features.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of sample " + i + " is outside [0, " + numClasses + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public Shape sampleShape() {
        return sampleShape;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Feature values of one sample (a copy). */
    public float[] sample(int index) {
        return Arrays.copyOfRange(features, index * featureCount, (index + 1) * featureCount);
    }

    public int label(int index) {
        return labels[index];
    }

    /** The first {@code n} samples (or all, if fewer), sharing no arrays with this one. */
    public LabeledData head(int n) {
        int k = Math.min(n, size());
        return new LabeledData(Arrays.copyOf(features, k * featureCount), Arrays.copyOf(labels, k),
                sampleShape, numClasses);
    }

    /** The samples at the given indices as a batch owned by {@code manager}. */
    public Batch batch(NDManager manager, int[] indices) {
        float[] x = new float[indices.length * featureCount];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * featureCount, x, i * featureCount, featureCount);
            y[i] = labels[indices[i]];
        }
        long[] dims = new long[sampleShape.dimension() + 1];
        dims[0] = indices.length;
        System.arraycopy(sampleShape.getShape(), 0, dims, 1, sampleShape.dimension());
        return new Batch(manager.create(x, new Shape(dims)), manager.create(y));
    }

    /** All samples from {@code from} (inclusive) to {@code to} (exclusive) as one batch. */
    public Batch range(NDManager manager, int from, int to) {
        int[] idx = new int[to - from];
        Arrays.setAll(idx, i -> from + i);
        return batch(manager, idx);
    }
}
