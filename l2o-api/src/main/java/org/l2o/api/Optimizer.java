package org.l2o.api;

import ai.djl.ndarray.NDList;

/**
 * An optimizer plugin: analytical (SGD, Adam, ...) or learned (L2O-DM, L2O-Scale, ...).
 *
 * <p>The plugin itself is a stateless factory. {@link #create} returns an {@link UpdateRule}
 * that owns the per-run state (moments, recurrent state) for one parameter list.
 */
public interface Optimizer extends Plugin {

    /**
     * Starts one optimization run.
     *
     * @param hyperParameters values for {@link #hyperParameters()}
     * @param parameters the parameters that {@link UpdateRule#step} will update; their shapes fix
     *     the rule's state, and their manager is the parent of the rule's own manager
     * @return a new rule; the caller closes it
     */
    UpdateRule create(HyperParameters hyperParameters, NDList parameters);
}
