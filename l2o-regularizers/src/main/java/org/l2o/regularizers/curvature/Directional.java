package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;

/**
 * Second- and third-order information along one direction v at θ.
 *
 * @param curvature vᵀ∇²L(θ)v
 * @param hessianVector ∇²L(θ)·v
 * @param quadraticFormGradient ∇_θ(vᵀ∇²L(θ)v) = ∇³L(θ)[v, v, ·], the third-derivative contraction
 *     that the gradients of the Hessian-eigenvalue and Hessian-trace penalties are made of
 */
public record Directional(double curvature, NDList hessianVector, NDList quadraticFormGradient)
        implements AutoCloseable {

    @Override
    public void close() {
        hessianVector.close();
        quadraticFormGradient.close();
    }
}
