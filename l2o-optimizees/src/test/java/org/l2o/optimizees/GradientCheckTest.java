package org.l2o.optimizees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2o.api.Batch;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameters;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;

/**
 * Autograd gradients of every network optimizee, in float64, against central finite differences
 * on tiny problems (small images, few classes, larger initial weights so gradients are not tiny).
 */
class GradientCheckTest {

    @ParameterizedTest
    @CsvSource({
        "mlp-sigmoid, 1, 3, 3, 4",
        "mlp-relu, 1, 3, 3, 4",
        "mlp-deeper, 2, 2, 2, 3",
        "conv-mnist, 1, 4, 4, 3",
        "conv-large-mnist, 1, 4, 4, 3",
        "conv-cifar, 3, 4, 4, 3",
        "conv-small, 1, 6, 5, 3",
    })
    void autogradMatchesFiniteDifferencesInDouble(String name, long c, long h, long w, int classes) {
        Optimizee plugin = TestSupport.plugin(name);
        HyperParameters hp = plugin.defaults();
        if (name.startsWith("mlp")) {
            hp = hp.with(plugin.hyperParameters(), Map.of("hidden", 4, "init-std", 0.5));
        }
        DataSpec spec = new DataSpec(new Shape(c, h, w), classes);
        Objective objective = plugin.create(hp, spec);
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = TestSupport.prototypes(spec, 6, 0.5, 3).range(manager, 0, 6);
            NDList params = TestSupport.toDouble(objective.initialize(manager, 9));
            if (!name.startsWith("mlp")) {
                // non-zero biases so their gradients are exercised away from the initial point
                for (int i = 1; i < params.size(); i += 2) {
                    params.get(i).addi(0.1);
                }
            }
            NDList grads = TestSupport.gradient(objective, params, batch, manager);
            SplittableRandom random = new SplittableRandom(5);
            double eps = 1e-6;
            int checked = 0;
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                assertEquals(DataType.FLOAT64, grads.get(i).getDataType());
                double[] theta = p.toDoubleArray();
                double[] g = grads.get(i).toDoubleArray();
                int coordinates = Math.min(theta.length, 6);
                for (int k = 0; k < coordinates; k++) {
                    int j = theta.length <= 6 ? k : random.nextInt(theta.length);
                    double fd = (perturbed(objective, params, i, theta, j, eps, batch, manager)
                            - perturbed(objective, params, i, theta, j, -eps, batch, manager)) / (2 * eps);
                    double tolerance = 1e-6 + 1e-4 * Math.abs(fd);
                    assertEquals(fd, g[j], tolerance, name + " " + objective.parameters().get(i).name() + "[" + j + "]");
                    checked++;
                }
            }
            assertTrue(checked >= params.size());
            double norm = 0;
            for (NDArray g : grads) {
                for (double v : g.toDoubleArray()) {
                    norm += v * v;
                }
            }
            assertTrue(norm > 1e-8, name + ": gradient should not vanish on this problem, norm² " + norm);
        }
    }

    private static double perturbed(Objective objective, NDList params, int i, double[] theta, int j, double delta,
            Batch batch, NDManager manager) {
        double[] moved = theta.clone();
        moved[j] += delta;
        NDList copy = new NDList();
        for (int k = 0; k < params.size(); k++) {
            copy.add(k == i ? manager.create(moved, params.get(k).getShape()) : params.get(k));
        }
        return TestSupport.lossValue(objective, copy, batch);
    }
}
