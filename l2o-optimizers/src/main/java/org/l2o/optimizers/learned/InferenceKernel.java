package org.l2o.optimizers.learned;

import java.nio.FloatBuffer;

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
     * Advances the state by one step. Buffers, not arrays, so that a tensor's memory can be read
     * and written directly (a direct buffer) without a copy on the caller's side.
     *
     * @param gradient ∇L(θ_t): its N remaining floats are read
     * @param delta receives Δ_t: N floats are written from its position
     */
    void step(FloatBuffer gradient, FloatBuffer delta);

    /** Stops the kernel's worker threads. */
    @Override
    void close();
}
