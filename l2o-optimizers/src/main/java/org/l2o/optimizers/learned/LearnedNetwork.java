package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The differentiable map of a learned optimizer: from the meta-parameters φ, its recurrent state
 * and the current gradient to the update Δ, so that θ_{t+1} = θ_t + Δ_t. Meta-training runs it
 * with φ tracked by autograd ({@link Mode#TRAINING}); an {@link org.l2o.api.UpdateRule} runs it
 * with constant φ and in-place arithmetic ({@link Mode#INFERENCE}).
 *
 * <p>Parameters are seen as one flat column vector (N, 1), the concatenation of the
 * row-major parameter tensors; the layout (tensor shapes) is passed to {@link #initialState}
 * for architectures that treat tensors as groups.
 *
 * <p>Implementations are immutable and may be shared; the state objects they create are not.
 */
public interface LearnedNetwork {

    /** How a step may use memory. */
    enum Mode {
        /** Out-of-place operations only, so autograd can differentiate through the step. */
        TRAINING,
        /** Constant φ, no autograd; state may be updated in place. */
        INFERENCE
    }

    /** The architecture name, e.g. {@code "l2o-dm"}; saved files are checked against it. */
    String architecture();

    /** The settings that fix the function (sizes, constants), for saved metadata. */
    Map<String, Object> config();

    /** The meta-parameter layout. */
    List<MetaParameters.Spec> parameterSpecs();

    /** Draws initial meta-parameters; equal seeds give equal values. */
    MetaParameters initialize(long seed);

    /**
     * The recurrent state at the start of an optimization run.
     *
     * @param manager owns the state's arrays (the state replaces them as it evolves)
     * @param layout the optimizee's parameter shapes, in order
     */
    State initialState(NDManager manager, List<Shape> layout);

    /**
     * Whether the network is coordinatewise: each coordinate's update depends only on that
     * coordinate's own gradients and state, never on the layout or on other coordinates. Then any
     * subset of coordinates can be run on its own, with a state made for the layout
     * {@code [Shape(m)]}, which lets meta-training estimate the meta-gradient from a sample of
     * coordinates.
     */
    default boolean coordinatewise() {
        return false;
    }

    /**
     * Whether the network's {@link State} can hand out and take back its arrays
     * ({@link State#arrays()}, {@link State#load}), so that a step can be re-run from a saved
     * state with the state and the gradient as autograd leaves: what exact second-order
     * meta-gradients need. Such a step must also be differentiable in the gradient it is fed.
     */
    default boolean restorableState() {
        return false;
    }

    /**
     * A fused CPU implementation of {@link #step} in {@link Mode#INFERENCE} for {@code coordinates}
     * coordinates and constant φ, where the architecture has one and it may run here
     * ({@link VectorKernels#enabled()}); the caller owns it and closes it.
     *
     * @param phi the meta-parameters (the kernel copies what it needs)
     * @param layout the optimizee's parameter shapes, in order
     */
    default Optional<InferenceKernel> inferenceKernel(MetaParameters phi, List<Shape> layout) {
        return Optional.empty();
    }

    /**
     * One optimizer step.
     *
     * @param phi the meta-parameters in {@link #parameterSpecs()} order
     * @param state the recurrent state, advanced by this call
     * @param gradient ∇L(θ_t) as a float32 array of shape (N, 1); treated as a constant; its
     *     manager owns every temporary and the result
     * @param loss L(θ_t)
     * @param mode whether autograd tracks φ
     * @return Δ_t of shape (N, 1)
     */
    NDArray step(NDList phi, State state, NDArray gradient, double loss, Mode mode);

    /**
     * The per-run recurrent state. Lifecycle: made by {@link #initialState}, advanced by
     * {@link #step}, cut from its autograd history by {@link #detach} at the end of each truncated
     * unroll, released by {@link #close}.
     */
    interface State extends AutoCloseable {

        /** Cuts the autograd history (truncated back-propagation) and moves the arrays into manager. */
        void detach(NDManager manager);

        /**
         * The arrays the next step reads (not copies), in a fixed order; only where
         * {@link LearnedNetwork#restorableState()}.
         */
        default NDList arrays() {
            throw new UnsupportedOperationException("this state cannot be saved and restored");
        }

        /**
         * Makes the given arrays (in {@link #arrays()} order and shapes) the state, without copying;
         * only where {@link LearnedNetwork#restorableState()}.
         */
        default void load(NDList arrays) {
            throw new UnsupportedOperationException("this state cannot be saved and restored");
        }

        /** Frees the state's arrays. */
        @Override
        void close();
    }
}
