package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for operations recorded by autograd.
 *
 * <p>Why: DJL 0.36's PyTorch engine implements {@code x.mul(2)} (and add, sub, div, pow, ...
 * with a {@code Number}) by wrapping the number in a tensor that aliases a Java direct buffer
 * and closing it right after the call. Autograd keeps that tensor for the backward pass (for
 * example, a product saves its other factor), so once the garbage collector frees the buffer the
 * backward pass reads freed memory: meta-gradients then come out wrong or NaN, intermittently.
 * Scalars made here live in native memory owned by {@code manager}, so they stay valid for as
 * long as the graph that uses them. Operations on constants (no operand requiring a gradient)
 * record nothing and may use {@code Number} operands freely.
 */
public final class Scalars {

    private Scalars() {}

    /** A float32 0-d array holding {@code value}, allocated natively and owned by {@code manager}. */
    public static NDArray of(NDManager manager, double value) {
        return manager.full(new Shape(), (float) value);
    }
}
