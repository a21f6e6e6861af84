package org.l2o.api;

import ai.djl.ndarray.NDList;

/**
 * The state of one optimizer run over one parameter list.
 *
 * <p>Lifecycle: created by {@link Optimizer#create}; {@link #step} is called once per
 * iteration with the current gradients, from one thread; {@link #close} frees the native
 * memory of the state. The rule never keeps references to the gradients it was given.
 */
public interface UpdateRule extends AutoCloseable {

    /**
     * Updates {@code parameters} in place by one step.
     *
     * @param parameters the parameters given to {@link Optimizer#create}, same order and shapes
     * @param gradients gradients of the loss at {@code parameters}, same layout; read only
     * @param loss the loss at {@code parameters} (used by some learned optimizers)
     */
    void step(NDList parameters, NDList gradients, double loss);

    /** Frees this rule's state. */
    @Override
    void close();
}
