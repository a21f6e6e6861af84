package org.l2o.optimizees;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.l2o.api.Batch;
import org.l2o.api.DataSpec;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;

/** Shared helpers: plugin lookup, synthetic learnable data, gradients and SGD steps. */
final class TestSupport {

    private TestSupport() {}

    /** All optimizees on the class path by name. */
    static Map<String, Optimizee> plugins() {
        Map<String, Optimizee> out = new TreeMap<>();
        ServiceLoader.load(Optimizee.class).forEach(p -> out.put(p.name(), p));
        return out;
    }

    static Optimizee plugin(String name) {
        Optimizee p = plugins().get(name);
        if (p == null) {
            throw new AssertionError("optimizee " + name + " not discovered");
        }
        return p;
    }

    /**
     * Learnable synthetic data: each class has a random prototype in [0, 1)^features; a sample is
     * its class prototype plus uniform noise of amplitude {@code noise}.
     */
    static LabeledData prototypes(DataSpec spec, int n, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int f = Math.toIntExact(spec.featureCount());
        int k = spec.numClasses();
        float[][] proto = new float[k][f];
        for (float[] p : proto) {
            for (int j = 0; j < f; j++) {
                p[j] = (float) random.nextDouble();
            }
        }
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) (proto[y[i]][j] + noise * (random.nextDouble() - 0.5));
            }
        }
        return new LabeledData(x, y, spec.sampleShape(), k);
    }

    /** Gradient of the loss at {@code params} (detached copies, in {@code manager}). */
    static NDList gradient(Objective objective, NDList params, Batch batch, NDManager manager) {
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = objective.loss(params, batch);
            collector.backward(loss);
            loss.close();
        }
        NDList out = new NDList();
        for (NDArray p : params) {
            try (NDArray g = p.getGradient()) {
                NDArray copy = g.duplicate();
                copy.attach(manager);
                out.add(copy);
                g.subi(g);
            }
        }
        return out;
    }

    /** Loss as a double, the intermediate array closed. */
    static double lossValue(Objective objective, NDList params, Batch batch) {
        try (NDArray loss = objective.loss(params, batch);
                NDArray wide = loss.toType(DataType.FLOAT64, true)) {
            if (loss.getDataType() != params.get(0).getDataType() || loss.getShape().dimension() != 0) {
                throw new AssertionError("the loss must be a scalar in the parameters' type "
                        + params.get(0).getDataType() + "; got " + loss.getDataType() + " " + loss.getShape());
            }
            return wide.getDouble();
        }
    }

    /** Plain SGD on one fixed batch; returns the losses before each step and after the last. */
    static List<Double> sgd(Objective objective, NDList params, Batch batch, double lr, int steps) {
        List<Double> losses = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            try (NDManager step = params.get(0).getManager().newSubManager()) {
                losses.add(lossValue(objective, params, batch));
                NDList g = gradient(objective, params, batch, step);
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).subi(g.get(i).mul(lr));
                }
            }
        }
        losses.add(lossValue(objective, params, batch));
        return losses;
    }

    /** Casts a parameter list to float64, keeping names. */
    static NDList toDouble(NDList params) {
        NDList out = new NDList();
        for (NDArray p : params) {
            NDArray d = p.toType(DataType.FLOAT64, true);
            d.setName(p.getName());
            out.add(d);
        }
        return out;
    }
}
