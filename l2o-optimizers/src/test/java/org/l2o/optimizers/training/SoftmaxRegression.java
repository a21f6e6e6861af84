package org.l2o.optimizers.training;

import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.l2o.api.DataSplits;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;
import org.l2o.optimizees.nets.Activation;
import org.l2o.optimizees.nets.MlpObjective;
import org.l2o.optimizees.nets.ParameterInit;

/**
 * Test objective: multinomial logistic regression (the library's MLP with no hidden layer), with
 * Gaussian-blob data to fit.
 */
final class SoftmaxRegression {

    private SoftmaxRegression() {}

    static Objective objective(int features, int classes) {
        return new MlpObjective("softmax-regression", new Shape(features), classes, new int[0], Activation.SIGMOID,
                ParameterInit.normal(0.01));
    }

    /** Blobs centred at ±separation on every axis by class; equal seeds give equal data. */
    static DataSplits blobs(int features, int classes, int train, int test, double separation, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[classes][features];
        for (double[] c : centres) {
            for (int j = 0; j < features; j++) {
                c[j] = separation * r.nextGaussian();
            }
        }
        return new DataSplits("blobs", sample(centres, train, r), sample(centres, test, r));
    }

    private static LabeledData sample(double[][] centres, int n, Random r) {
        int d = centres[0].length;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % centres.length;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centres[y[i]][j] + r.nextGaussian());
            }
        }
        return new LabeledData(x, y, new Shape(d), centres.length);
    }
}
