package org.l2o.regularizers.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * A convex non-quadratic: L(θ) = ½θᵀAθ + ¼Σ w_i θ_i⁴ (A ⪰ 0, w ≥ 0), whose third derivative
 * ∇³L[v, v, ·]_i = 6 w_i θ_i v_i² is nonzero, so third-order gradients can be checked exactly.
 */
public final class QuarticObjective extends VectorObjective {

    final double[][] a;
    final double[] w;

    public QuarticObjective(double[][] a, double[] w) {
        this.a = a;
        this.w = w;
    }

    public static QuarticObjective random(int p, long seed) {
        Random random = new Random(seed);
        double[] eig = new double[p];
        for (int i = 0; i < p; i++) {
            eig[i] = 0.5 + 2 * random.nextDouble();
        }
        double[][] a = QuadraticObjective.withEigenvalues(eig, seed + 1).matrix();
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            w[i] = 0.5 + random.nextDouble();
        }
        return new QuarticObjective(a, w);
    }

    @Override
    int dim() {
        return w.length;
    }

    @Override
    public NDArray loss(NDList parameters, Batch batch) {
        NDArray theta = parameters.get(0);
        DataType type = theta.getDataType();
        NDManager m = theta.getManager();
        NDArray am = m.create(a).toType(type, false);
        NDArray wm = m.create(w).toType(type, false);
        NDArray quadratic = am.matMul(theta).mul(theta).sum().mul(0.5);
        NDArray quartic = theta.pow(4).mul(wm).sum().mul(0.25);
        return quadratic.add(quartic);
    }

    /** ∇²L(θ) = A + 3 diag(w θ²). */
    public double[][] hessian(double[] theta) {
        int p = w.length;
        double[][] h = new double[p][];
        for (int i = 0; i < p; i++) {
            h[i] = a[i].clone();
            h[i][i] += 3 * w[i] * theta[i] * theta[i];
        }
        return h;
    }

    /** ∇³L[v, v, ·] = 6 w θ v². */
    public double[] thirdOrder(double[] theta, double[] v) {
        double[] out = new double[w.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 6 * w[i] * theta[i] * v[i] * v[i];
        }
        return out;
    }
}
