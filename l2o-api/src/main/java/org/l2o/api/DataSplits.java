package org.l2o.api;

import java.util.Objects;

/**
 * The train and test split of a dataset.
 *
 * @param name the dataset's name, for reports
 * @param train data to optimize on
 * @param test held-out data to evaluate on
 */
public record DataSplits(String name, LabeledData train, LabeledData test) {

    public DataSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.sampleShape().equals(test.sampleShape()) || train.numClasses() != test.numClasses()) {
            throw new IllegalArgumentException("train and test of '" + name + "' differ: "
                    + train.sampleShape() + "/" + train.numClasses() + " classes vs "
                    + test.sampleShape() + "/" + test.numClasses() + " classes");
        }
    }

    /** The shape facts an optimizee needs. */
    public DataSpec spec() {
        return new DataSpec(train.sampleShape(), train.numClasses());
    }
}
