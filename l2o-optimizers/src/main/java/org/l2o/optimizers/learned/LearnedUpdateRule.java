package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.l2o.api.UpdateRule;

/**
 * A learned optimizer applied to one parameter list: θ ← θ + m(∇L; φ) with constant φ.
 *
 * <p>Lifecycle: built from a network and its meta-parameters for one parameter list; each
 * {@link #step} runs the network in {@link LearnedNetwork.Mode#INFERENCE} inside a temporary
 * sub-manager, so native memory stays flat; {@link #close} frees φ and the recurrent state.
 */
public final class LearnedUpdateRule implements UpdateRule {

    private final LearnedNetwork network;
    private final NDManager manager;
    private final NDList phi;
    private final FlatLayout layout;
    private final LearnedNetwork.State state;

    /**
     * @param network the architecture
     * @param metaParameters φ (copied into native arrays)
     * @param parameters the parameters the rule will update; their manager is the parent of this rule's
     */
    public LearnedUpdateRule(LearnedNetwork network, MetaParameters metaParameters, NDList parameters) {
        if (!metaParameters.specs().equals(network.parameterSpecs())) {
            throw new IllegalArgumentException("meta-parameters " + metaParameters.specs()
                    + " do not fit architecture " + network.architecture() + " " + network.parameterSpecs());
        }
        this.network = network;
        this.manager = parameters.get(0).getManager().newSubManager();
        this.phi = metaParameters.toNDList(manager, false);
        this.layout = FlatLayout.of(parameters);
        this.state = network.initialState(manager, layout.shapes());
    }

    /** The update Δ the network proposes for the gradients, without applying it (owned by manager). */
    public NDArray propose(NDList gradients, double loss, NDManager tmp) {
        NDArray g = layout.flatten(gradients, tmp);
        return network.step(phi, state, g, loss, LearnedNetwork.Mode.INFERENCE);
    }

    @Override
    public void step(NDList parameters, NDList gradients, double loss) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray delta = propose(gradients, loss, tmp);
            NDList pieces = layout.unflatten(delta);
            for (int i = 0; i < pieces.size(); i++) {
                parameters.get(i).addi(pieces.get(i));
            }
        }
    }

    @Override
    public void close() {
        state.close();
        manager.close();
    }
}
