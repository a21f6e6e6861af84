package org.l2o.api;

import ai.djl.ndarray.types.Shape;

/**
 * What an optimizee needs to know about its data: the shape of one sample and the number of
 * classes. {@link #NONE} stands for optimizees that take no data.
 *
 * @param sampleShape the shape of one input, e.g. (1, 28, 28) for MNIST
 * @param numClasses the number of label classes
 */
public record DataSpec(Shape sampleShape, int numClasses) {

    /** For optimizees without data, such as a quadratic. */
    public static final DataSpec NONE = new DataSpec(new Shape(), 0);

    /** Number of input features of one sample. */
    public long featureCount() {
        return sampleShape.size();
    }
}
