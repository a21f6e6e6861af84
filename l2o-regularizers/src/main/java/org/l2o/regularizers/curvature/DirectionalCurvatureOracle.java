package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;
import org.l2o.api.CurvatureOracle;

/**
 * A {@link CurvatureOracle} that can also give third-order information along a direction, at
 * better accuracy or lower cost than {@link Curvature#directional} can from the plain oracle
 * methods (for example by sharing one pair of gradient evaluations between ∇²L·v and
 * ∇³L[v, v, ·], or by doing the arithmetic in float64).
 */
public interface DirectionalCurvatureOracle extends CurvatureOracle {

    /**
     * ∇²L·v and ∇³L[v, v, ·] at the oracle's point; arrays owned by {@link #manager()}.
     *
     * @param v the direction, any length
     * @param relativeStep finite-difference step relative to (1 + ‖θ‖); 0 chooses automatically
     */
    Directional directional(NDList v, double relativeStep);
}
