package org.l2o.regularizers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.NDLists;
import org.l2o.api.Objective;
import org.l2o.optimizees.nets.MlpOptimizee;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;
import org.l2o.regularizers.curvature.ObjectiveCurvatureOracle;
import org.l2o.regularizers.testing.Dense;
import org.l2o.regularizers.testing.ExactHessian;
import org.l2o.regularizers.testing.Oracles;
import org.l2o.regularizers.testing.SigmoidMlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Costs, memory and accuracy on the paper's meta-training optimizee, {@code mlp-sigmoid}
 * (784-20-10, 15,910 parameters, init N(0, 0.01²)), on a batch of 128 random inputs in [0, 1). Not part of the normal suite; run with
 * {@code mvn -B -o -q test -pl l2o-regularizers -am -Dtest=CurvatureBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dl2o.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "l2o.benchmark", matches = "true")
class CurvatureBenchmark {

    static {
        // -Dl2o.benchmark.threads=N sets PyTorch's intra-op threads (read when the engine loads).
        String threads = System.getProperty("l2o.benchmark.threads");
        if (threads != null) {
            System.setProperty("ai.djl.pytorch.num_threads", threads);
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    @Test
    void run() {
        MlpOptimizee.Sigmoid plugin = new MlpOptimizee.Sigmoid();
        Objective mlp = plugin.create(plugin.defaults(), plugin.defaultData());
        int products = Integer.getInteger("l2o.benchmark.products", 5000);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList theta = mlp.initialize(m, 1);
            Batch batch = new SigmoidMlp(784, 20, 10).randomBatch(m, 128, 2);
            System.out.printf("torch threads: %s, cores %d%n", System.getProperty("l2o.benchmark.threads", "default"),
                    Runtime.getRuntime().availableProcessors());

            // Accuracy of FD products against exact double-backward ones on the full network.
            List<String> acc = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                try (NDManager s = m.newSubManager()) {
                    NDList v = NDLists.gaussian(s, theta, new Random(10 + k));
                    double[] exact = ExactHessian.hessianVector(mlp, theta, batch, v);
                    var o = new ObjectiveCurvatureOracle(mlp, theta, batch, s);
                    double e64 = Dense.relativeError(ExactHessian.flatten(o.hessianVectorProduct(v)), exact);
                    var o32 = new ObjectiveCurvatureOracle(mlp, theta, batch, s, ObjectiveCurvatureOracle.Options
                            .defaults().withPrecision(ObjectiveCurvatureOracle.Precision.NATIVE));
                    double e32 = Dense.relativeError(ExactHessian.flatten(o32.hessianVectorProduct(v)), exact);
                    var o64in = new ObjectiveCurvatureOracle(mlp, Oracles.toDouble(theta), batch, s);
                    double e64in = Dense.relativeError(ExactHessian.flatten(o64in.hessianVectorProduct(v)), exact);
                    acc.add(String.format("float64 θ %.1e, float32 θ/float64 compute %.1e, float32 %.1e", e64in, e64, e32));
                }
            }
            System.out.println("FD-HVP relative error vs exact, 3 Gaussian directions: " + acc);

            try (NDManager s = m.newSubManager()) {
                var o = new ObjectiveCurvatureOracle(mlp, theta, batch, s);
                NDList v = NDLists.gaussian(s, theta, new Random(3));
                System.out.printf("gradient evaluation: %.2f ms median%n", median(20, () -> o.gradientAt(theta).close()));
                var o32 = new ObjectiveCurvatureOracle(mlp, theta, batch, s, ObjectiveCurvatureOracle.Options
                        .defaults().withPrecision(ObjectiveCurvatureOracle.Precision.NATIVE));
                System.out.printf("gradient evaluation in float32: %.2f ms median%n",
                        median(20, () -> o32.gradientAt(theta).close()));
                System.out.printf("FD Hessian-vector product: %.2f ms median%n",
                        median(20, () -> o.hessianVectorProduct(v).close()));
            }

            for (Regularizer reg : List.of(new HessianEigenvalueRegularizer(), new HessianTraceRegularizer(),
                    new JacobianTraceRegularizer(), new LocalEntropyRegularizer())) {
                try (RegularizerTerm term = reg.create(reg.defaults())) {
                    double[] value = new double[1];
                    double ms = median(5, () -> {
                        try (NDManager s = m.newSubManager()) {
                            value[0] = term.evaluate(new ObjectiveCurvatureOracle(mlp, theta, batch, s), new Random(1)).value();
                        }
                    });
                    System.out.printf("%-15s %s: %.1f ms median per evaluation (R = %.5g)%n", reg.name(), reg.defaults(), ms,
                            value[0]);
                }
            }

            try (NDManager s = m.newSubManager()) {
                var o = new ObjectiveCurvatureOracle(mlp, theta, batch, s);
                NDList v = NDLists.gaussian(s, theta, new Random(3));
                List<String> rss = new ArrayList<>();
                for (int i = 1; i <= products; i++) {
                    o.hessianVectorProduct(v).close();
                    if (i % (products / 5) == 0) {
                        System.gc();
                        rss.add(String.format("%d: %.0f MB", i, ExactHessian.residentBytes() / 1e6));
                    }
                }
                System.out.println("RSS after n FD products: " + rss);
            }
        }
    }

    private static double median(int n, Runnable r) {
        r.run();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[n / 2];
    }
}
