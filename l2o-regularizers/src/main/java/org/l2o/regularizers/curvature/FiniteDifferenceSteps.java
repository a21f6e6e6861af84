package org.l2o.regularizers.curvature;

import ai.djl.ndarray.types.DataType;

/**
 * Default finite-difference steps. A central difference of gradients has truncation error
 * O(t²·‖∇³L‖) and rounding error O(ε·‖∇L‖/t), balanced at t ≈ ε^{1/3}; the second difference
 * that gives ∇³L[v, v, ·] has truncation O(t²) and rounding O(ε/t²), balanced at t ≈ ε^{1/4}.
 * Steps are taken along the unit direction and scaled by (1 + ‖θ‖) so that they stay well
 * above the rounding of θ's own entries.
 */
public final class FiniteDifferenceSteps {

    private FiniteDifferenceSteps() {}

    /** Machine epsilon of a floating data type (float64 and float32; anything else as float32). */
    public static double epsilon(DataType type) {
        return type == DataType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
    }

    /** ε^{1/3}: 6.1e-6 in float64, 4.9e-3 in float32. */
    public static double hessianVector(DataType type) {
        return Math.cbrt(epsilon(type));
    }

    /** ε^{1/4}: 1.2e-4 in float64, 1.9e-2 in float32. */
    public static double thirdOrder(DataType type) {
        return Math.sqrt(Math.sqrt(epsilon(type)));
    }
}
