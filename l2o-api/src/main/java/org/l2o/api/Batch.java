package org.l2o.api;

import ai.djl.ndarray.NDArray;

/**
 * One minibatch: inputs of shape (batch, sample shape...) as float32 and integer class labels
 * of shape (batch). For data-free optimizees both may be {@code null}.
 *
 * @param inputs the features
 * @param labels class indices, int32
 */
public record Batch(NDArray inputs, NDArray labels) implements AutoCloseable {

    /** A batch for optimizees that take no data. */
    public static Batch empty() {
        return new Batch(null, null);
    }

    /** Number of samples, 0 for an empty batch. */
    public long size() {
        return inputs == null ? 0 : inputs.getShape().get(0);
    }

    @Override
    public void close() {
        if (inputs != null) {
            inputs.close();
        }
        if (labels != null) {
            labels.close();
        }
    }
}
