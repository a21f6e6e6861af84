package org.l2o.optimizers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.DataSplits;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;

/** Test objective: multinomial logistic regression, with Gaussian-blob data to fit. */
final class SoftmaxRegression implements Objective {

    private final int features;
    private final int classes;

    SoftmaxRegression(int features, int classes) {
        this.features = features;
        this.classes = classes;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(new ParameterSpec("fc.weight", new Shape(features, classes)),
                new ParameterSpec("fc.bias", new Shape(classes)));
    }

    @Override
    public NDList initialize(NDManager manager, long seed) {
        Random r = new Random(seed);
        float[] w = new float[features * classes];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.01 * r.nextGaussian());
        }
        return new NDList(manager.create(w, new Shape(features, classes)), manager.zeros(new Shape(classes)));
    }

    private NDArray logits(NDList p, Batch batch) {
        NDArray x = batch.inputs().reshape(batch.size(), features);
        return x.matMul(p.get(0)).add(p.get(1));
    }

    @Override
    public NDArray loss(NDList p, Batch batch) {
        NDArray logProbs = logits(p, batch).logSoftmax(1);
        NDArray oneHot = batch.labels().toType(DataType.INT64, false).oneHot(classes);
        return logProbs.mul(oneHot).sum().neg().div(batch.size());
    }

    @Override
    public double accuracy(NDList p, Batch batch) {
        NDArray predicted = logits(p, batch).argMax(1).toType(DataType.INT32, false);
        return predicted.eq(batch.labels()).sum().toType(DataType.FLOAT32, false).getFloat() / batch.size();
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
