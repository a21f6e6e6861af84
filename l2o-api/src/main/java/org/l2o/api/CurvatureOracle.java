package org.l2o.api;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * First- and second-order information about a loss around one point θ, so that a regularizer
 * needs no access to autograd or engine internals. Every returned list has the layout of
 * {@link #point()} and is owned by {@link #manager()}, which the caller closes after the
 * evaluation.
 *
 * <p>Implementations keep resident memory flat over many calls; how a Hessian-vector product is
 * computed (exact double backward or a finite difference of gradients) is theirs to document.
 */
public interface CurvatureOracle {

    /** Owns every array this oracle returns. */
    NDManager manager();

    /** θ; do not modify. */
    NDList point();

    /** Number of scalar parameters p. */
    long dimension();

    /** L(θ). */
    double loss();

    /** ∇L(θ). */
    NDList gradient();

    /** ∇²L(θ)·v. */
    NDList hessianVectorProduct(NDList v);

    /** L at another point of the same layout (same batch of data). */
    double lossAt(NDList theta);

    /** ∇L at another point of the same layout (same batch of data). */
    NDList gradientAt(NDList theta);
}
