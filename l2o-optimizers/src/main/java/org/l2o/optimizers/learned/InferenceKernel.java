package org.l2o.optimizers.learned;

/**
 * A learned network's {@link LearnedNetwork.Mode#INFERENCE} step for a fixed number of
 * coordinates and constant φ, computed outside PyTorch in one fused pass over plain float arrays:
 * the same function as {@link LearnedNetwork#step}, equal up to float rounding, with its own
 * recurrent state. Made by {@link LearnedNetwork#inferenceKernel}; not thread-safe.
 */
public interface InferenceKernel extends AutoCloseable {

    /** The number of coordinates N. */
    int size();

    /**
     * Advances the state by one step.
     *
     * @param gradient ∇L(θ_t), N floats
     * @return Δ_t, N floats, in a buffer of the kernel's that the next step overwrites
     */
    float[] step(float[] gradient);

    /** Stops the kernel's worker threads. */
    @Override
    void close();
}
