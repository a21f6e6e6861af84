package org.l2o.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameters;
import org.l2o.api.NDLists;
import org.l2o.api.Objective;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;
import org.l2o.optimizees.nets.MlpOptimizee;
import org.l2o.optimizees.quadratic.QuadraticObjective;
import org.l2o.optimizees.quadratic.QuadraticOptimizee;
import org.l2o.regularizers.curvature.ObjectiveCurvatureOracle;
import org.l2o.regularizers.testing.Dense;
import org.l2o.regularizers.testing.ExactHessian;
import org.l2o.regularizers.testing.SigmoidMlp;
import org.junit.jupiter.api.Test;

/** The regularizers on the optimizees module's own {@code quadratic} and {@code mlp-sigmoid}. */
class OptimizeeIntegrationTest {

    @Test
    void defaultsOnTheQuadraticOptimizee() {
        QuadraticOptimizee plugin = new QuadraticOptimizee();
        // dim 8, condition number 10, largest eigenvalue 4: consecutive eigenvalue ratio 10^(-1/7) ≈ 0.72.
        QuadraticObjective q = plugin.create(
                HyperParameters.parse(plugin, Map.of("dim", "8", "max-eigenvalue", "4", "seed", "3")), DataSpec.NONE);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList theta = q.initialize(m, 5);
            double[] t = ExactHessian.flatten(theta);
            RegularizerTerm.Value ev = evaluate(new HessianEigenvalueRegularizer(), Map.of(), q, theta, Batch.empty(), m);
            assertEquals(q.largestEigenvalue(), ev.value(), 0.02 * q.largestEigenvalue(), "10 power iterations");
            RegularizerTerm.Value tr = evaluate(new HessianTraceRegularizer(), Map.of("probes", 400), q, theta,
                    Batch.empty(), m);
            assertEquals(q.trace(), tr.value(), 0.1 * q.trace(), "Hutchinson, 400 probes");
            RegularizerTerm.Value jt = evaluate(new JacobianTraceRegularizer(), Map.of(), q, theta, Batch.empty(), m);
            double[] g = q.gradient(t);
            assertEquals(Dense.norm(g) * Dense.norm(g), jt.value(), 1e-5 * jt.value());
            double[] expected = Dense.multiply(q.matrix(), g);
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= 2;
            }
            assertTrue(Dense.relativeError(ExactHessian.flatten(jt.gradient()), expected) < 1e-5);
        }
    }

    @Test
    void mlpSigmoidEvaluatesInFloat64AndMatchesExactProducts() {
        MlpOptimizee.Sigmoid plugin = new MlpOptimizee.Sigmoid();
        // A small input so that exact double-backward products stay cheap: 16-20-10.
        Objective mlp = plugin.create(plugin.defaults(), new DataSpec(new ai.djl.ndarray.types.Shape(16), 10));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList theta = mlp.initialize(m, 1);
            Batch batch = new SigmoidMlp(16, 20, 10).randomBatch(m, 32, 2);
            var o = new ObjectiveCurvatureOracle(mlp, theta, batch, m);
            assertEquals(DataType.FLOAT64, o.computeType(), "mlp-sigmoid accepts float64 parameters");
            NDList v = NDLists.gaussian(m, theta, new Random(4));
            double[] exact = ExactHessian.hessianVector(mlp, theta, batch, v);
            double err = Dense.relativeError(ExactHessian.flatten(o.hessianVectorProduct(v)), exact);
            assertTrue(err < 1e-6, "FD vs exact " + err);
            for (Regularizer reg : new Regularizer[] {new HessianEigenvalueRegularizer(), new HessianTraceRegularizer(),
                new JacobianTraceRegularizer(), new LocalEntropyRegularizer()}) {
                RegularizerTerm.Value value = evaluate(reg, Map.of(), mlp, theta, batch, m);
                assertTrue(Double.isFinite(value.value()), reg.name());
                assertTrue(Double.isFinite(NDLists.norm(value.gradient())), reg.name());
                assertEquals(theta.get(0).getShape(), value.gradient().get(0).getShape());
            }
        }
    }

    private static RegularizerTerm.Value evaluate(Regularizer reg, Map<String, ?> hp, Objective f, NDList theta,
            Batch batch, NDManager m) {
        try (RegularizerTerm term = reg.create(HyperParameters.of(reg.name(), reg.hyperParameters(), hp))) {
            return term.evaluate(new ObjectiveCurvatureOracle(f, theta, batch, m), new Random(1));
        }
    }
}
