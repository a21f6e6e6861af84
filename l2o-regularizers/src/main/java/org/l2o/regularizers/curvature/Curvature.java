package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.l2o.api.CurvatureOracle;

/** Entry points shared by the curvature algorithms, for any {@link CurvatureOracle}. */
public final class Curvature {

    private Curvature() {}

    /**
     * ∇²L·v and ∇³L[v, v, ·] at the oracle's point. Uses the oracle's own implementation when it
     * is a {@link DirectionalCurvatureOracle}; otherwise one Hessian-vector product plus the
     * second central difference of gradients (∇L(θ+tv̂) − 2∇L(θ) + ∇L(θ−tv̂))·‖v‖²/t², with
     * t = δ·(1 + ‖θ‖) and δ = ε^{1/4} of θ's data type unless {@code relativeStep} is positive.
     * The result is owned by {@code oracle.manager()}.
     */
    public static Directional directional(CurvatureOracle oracle, NDList v, double relativeStep) {
        if (oracle instanceof DirectionalCurvatureOracle d) {
            return d.directional(v, relativeStep);
        }
        NDManager manager = oracle.manager();
        NDList point = oracle.point();
        double vNorm = FlatVectors.norm(v);
        NDList hv = oracle.hessianVectorProduct(v);
        double curvature = FlatVectors.dot(v, hv);
        if (vNorm == 0 || !Double.isFinite(vNorm)) {
            return new Directional(curvature, hv, FlatVectors.zerosLike(manager, point));
        }
        DataType type = point.get(0).getDataType();
        double delta = relativeStep > 0 ? relativeStep : FiniteDifferenceSteps.thirdOrder(type);
        double t = delta * (1 + FlatVectors.norm(point));
        try (NDManager scope = manager.newSubManager()) {
            NDList plus = FlatVectors.combine(scope, 1, point, t / vNorm, v);
            NDList minus = FlatVectors.combine(scope, 1, point, -t / vNorm, v);
            NDList gPlus = oracle.gradientAt(plus);
            gPlus.attach(scope);
            NDList gMinus = oracle.gradientAt(minus);
            gMinus.attach(scope);
            NDList g0 = oracle.gradient();
            g0.attach(scope);
            NDList sum = FlatVectors.combine(scope, 1, gPlus, 1, gMinus);
            FlatVectors.addScaledInPlace(sum, -2, g0);
            NDList third = FlatVectors.scale(manager, vNorm * vNorm / (t * t), sum);
            return new Directional(curvature, hv, third);
        }
    }
}
