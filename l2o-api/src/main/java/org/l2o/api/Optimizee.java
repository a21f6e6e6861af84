package org.l2o.api;

/**
 * An optimizee plugin: a family of models (or plain functions) with a loss to be minimized.
 * The plugin builds an {@link Objective} for given data; the objective is a pure function of
 * its parameter list, so a learned optimizer can be meta-trained through it.
 */
public interface Optimizee extends Plugin {

    /**
     * Builds the objective for data of the given shape.
     *
     * @param hyperParameters values for {@link #hyperParameters()}
     * @param data the data it will see; {@link DataSpec#NONE} when {@link #needsData()} is false
     * @throws IllegalArgumentException when the data does not fit (naming both shapes)
     */
    Objective create(HyperParameters hyperParameters, DataSpec data);

    /** Whether the objective reads batches of data; a quadratic does not. */
    default boolean needsData() {
        return true;
    }
}
