package org.l2o.regularizers.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/** L(θ) = ½(θ − c)ᵀA(θ − c) for a symmetric A, with its exact derivatives for checks. */
public final class QuadraticObjective extends VectorObjective {

    final double[][] a;
    final double[] c;

    public QuadraticObjective(double[][] a, double[] c) {
        this.a = a;
        this.c = c;
    }

    /** A random symmetric A = QΛQᵀ with the given eigenvalues, and a random c. */
    public static QuadraticObjective withEigenvalues(double[] eigenvalues, long seed) {
        int p = eigenvalues.length;
        Random random = new Random(seed);
        double[][] q = Dense.randomOrthogonal(p, random);
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = 0; k < p; k++) {
                    s += q[i][k] * eigenvalues[k] * q[j][k];
                }
                a[i][j] = s;
            }
        }
        double[] c = new double[p];
        for (int i = 0; i < p; i++) {
            c[i] = random.nextGaussian();
        }
        return new QuadraticObjective(a, c);
    }

    public int dimension() {
        return c.length;
    }

    public double[][] matrix() {
        return a;
    }

    public double[] center() {
        return c;
    }

    @Override
    int dim() {
        return c.length;
    }

    @Override
    public NDArray loss(NDList parameters, Batch batch) {
        NDArray theta = parameters.get(0);
        DataType type = theta.getDataType();
        NDManager m = theta.getManager();
        NDArray am = m.create(a).toType(type, false);
        NDArray cm = m.create(c).toType(type, false);
        NDArray d = theta.sub(cm);
        return am.matMul(d).mul(d).sum().mul(0.5);
    }

    /** ∇L(θ) = A(θ − c). */
    public double[] gradient(double[] theta) {
        double[] d = new double[c.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = theta[i] - c[i];
        }
        return Dense.multiply(a, d);
    }
}
