package org.l2o.regularizers.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.NDLists;
import org.l2o.api.Objective;
import org.l2o.regularizers.testing.Dense;
import org.l2o.regularizers.testing.ExactHessian;
import org.l2o.regularizers.testing.Oracles;
import org.l2o.regularizers.testing.QuadraticObjective;
import org.l2o.regularizers.testing.QuarticObjective;
import org.l2o.regularizers.testing.SigmoidMlp;
import org.junit.jupiter.api.Test;

class ObjectiveCurvatureOracleTest {

    @Test
    void quadraticLossGradientAndProductsAreExact() {
        QuadraticObjective q = QuadraticObjective.withEigenvalues(new double[] {3, -2, 1, 0.5, 0, -0.25}, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] theta = {0.3, -1, 2, 0.1, 0.7, -0.4};
            NDList point = new NDList(m.create(toFloat(theta)));
            ObjectiveCurvatureOracle o = new ObjectiveCurvatureOracle(q, point, Batch.empty(), m);
            assertEquals(DataType.FLOAT64, o.computeType());
            double[] thetaF = ExactHessian.flatten(point);
            double[] g = q.gradient(thetaF);
            double expectedLoss = 0;
            for (int i = 0; i < g.length; i++) {
                expectedLoss += 0.5 * (thetaF[i] - q.center()[i]) * g[i];
            }
            assertEquals(expectedLoss, o.loss(), 1e-12 * Math.max(1, Math.abs(expectedLoss)));
            NDList grad = o.gradient();
            assertEquals(DataType.FLOAT32, grad.get(0).getDataType(), "results keep θ's type");
            assertTrue(Dense.relativeError(ExactHessian.flatten(grad), g) < 1e-6);
            double[] v = {1, 2, -1, 0.5, 3, -2};
            NDList hv = o.hessianVectorProduct(new NDList(m.create(toFloat(v))));
            double[] expected = Dense.multiply(q.matrix(), ExactHessian.flatten(new NDList(m.create(toFloat(v)))));
            assertTrue(Dense.relativeError(ExactHessian.flatten(hv), expected) < 1e-6);
            assertEquals(6, o.dimension());
        }
    }

    @Test
    void finiteDifferenceProductsMatchDoubleBackwardOnSmallMlp() {
        SigmoidMlp mlp = new SigmoidMlp(8, 5, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList theta32 = mlp.initialize(m, 3);
            Batch batch = mlp.randomBatch(m, 16, 4);
            NDList theta64 = Oracles.toDouble(theta32);
            Random random = new Random(5);
            double worst64 = 0;
            double worst32 = 0;
            double worstAuto = 0;
            for (int k = 0; k < 5; k++) {
                NDList v = NDLists.gaussian(m, theta64, random);
                double[] exact = ExactHessian.hessianVector(mlp, theta64, batch, v);
                try (NDManager s = m.newSubManager()) {
                    var o64 = new ObjectiveCurvatureOracle(mlp, theta64, batch, s);
                    worst64 = Math.max(worst64, Dense.relativeError(ExactHessian.flatten(o64.hessianVectorProduct(v)), exact));
                    var oAuto = new ObjectiveCurvatureOracle(mlp, theta32, batch, s);
                    assertEquals(DataType.FLOAT64, oAuto.computeType());
                    worstAuto = Math.max(worstAuto, Dense.relativeError(ExactHessian.flatten(oAuto.hessianVectorProduct(v)), exact));
                    var o32 = new ObjectiveCurvatureOracle(mlp, theta32, batch, s,
                            ObjectiveCurvatureOracle.Options.defaults().withPrecision(ObjectiveCurvatureOracle.Precision.NATIVE));
                    assertEquals(DataType.FLOAT32, o32.computeType());
                    worst32 = Math.max(worst32, Dense.relativeError(ExactHessian.flatten(o32.hessianVectorProduct(v)), exact));
                }
            }
            System.out.printf("FD-HVP vs exact (63-param MLP, 5 directions), worst relative error: float64 %.2e, "
                    + "float64 compute/float32 result %.2e, float32 %.2e%n", worst64, worstAuto, worst32);
            assertTrue(worst64 < 1e-8, "float64 FD-HVP error " + worst64);
            assertTrue(worstAuto < 1e-6, "auto FD-HVP error " + worstAuto);
            assertTrue(worst32 < 1e-2, "float32 FD-HVP error " + worst32);
        }
    }

    @Test
    void directionalGivesExactThirdOrderOnQuartic() {
        QuarticObjective f = QuarticObjective.random(7, 11);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] theta = new double[7];
            double[] v = new double[7];
            Random random = new Random(12);
            for (int i = 0; i < 7; i++) {
                theta[i] = random.nextGaussian();
                v[i] = random.nextGaussian();
            }
            NDList point = Oracles.vector(m, theta);
            NDList dir = Oracles.vector(m, v);
            double[] expectedHv = Dense.multiply(f.hessian(theta), v);
            double[] expectedThird = f.thirdOrder(theta, v);
            double expectedCurvature = 0;
            for (int i = 0; i < 7; i++) {
                expectedCurvature += v[i] * expectedHv[i];
            }
            var oracle = new ObjectiveCurvatureOracle(f, point, Batch.empty(), m);
            for (var o : List.of(oracle, Oracles.plain(oracle))) {
                try (Directional d = Curvature.directional(o, dir, 0)) {
                    double hvErr = Dense.relativeError(ExactHessian.flatten(d.hessianVector()), expectedHv);
                    double thirdErr = Dense.relativeError(ExactHessian.flatten(d.quadraticFormGradient()), expectedThird);
                    System.out.printf("%s: Hv rel. error %.2e, ∇³L[v,v,·] rel. error %.2e%n",
                            o == oracle ? "one-pair float64" : "generic", hvErr, thirdErr);
                    assertTrue(hvErr < 1e-7, "Hv error " + hvErr);
                    assertTrue(thirdErr < 1e-5, "third-order error " + thirdErr);
                    assertEquals(expectedCurvature, d.curvature(), 1e-7 * Math.abs(expectedCurvature));
                }
            }
        }
    }

    @Test
    void productsLeaveNoArraysBehind() {
        // Deterministic leak check: every native array handle a product creates is closed again,
        // including intermediates an objective attaches to its inputs' managers (DJL attaches a.op(b)
        // to a's manager; x.matMul(w) on a long-lived batch would otherwise accumulate graphs).
        // Resident-memory trends over thousands of products are measured by CurvatureBenchmark.
        SigmoidMlp mlp = new SigmoidMlp(784, 20, 10);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList theta = mlp.initialize(m, 1);
            Batch batch = mlp.randomBatch(m, 8, 2);
            NDManager system = m.getParentManager();
            try (NDManager s = m.newSubManager()) {
                var o = new ObjectiveCurvatureOracle(mlp, theta, batch, s);
                NDList v = NDLists.gaussian(s, theta, new Random(3));
                o.hessianVectorProduct(v).close();
                try (Directional d = o.directional(v, 0)) {
                    assertEquals(DataType.FLOAT32, d.hessianVector().get(0).getDataType());
                }
                int before = system.getManagedArrays().size();
                for (int i = 0; i < 50; i++) {
                    o.hessianVectorProduct(v).close();
                    o.gradientAt(v).close();
                    o.directional(v, 0).close();
                    o.lossAt(v);
                }
                assertEquals(before, system.getManagedArrays().size(), "live arrays after 50 rounds");
                assertEquals(1 + 50 * 5 + 2 + 2, o.gradientEvaluations());
            }
        }
    }

    @Test
    void opensItsOwnCollectorOnlyWhenNoneIsOpen() {
        QuadraticObjective q = QuadraticObjective.withEigenvalues(new double[] {2, 1, 0.5}, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList point = q.initialize(m, 1);
            NDArray x = m.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector outer = Engine.getInstance().newGradientCollector()) {
                NDArray y = x.mul(x).sum();
                var lone = new ObjectiveCurvatureOracle(q, point, Batch.empty(), m);
                IllegalStateException e = assertThrows(IllegalStateException.class, lone::loss);
                assertTrue(e.getMessage().contains("withCollector"), e.getMessage());
                var inside = new ObjectiveCurvatureOracle(q, point, Batch.empty(), m,
                        ObjectiveCurvatureOracle.Options.defaults().withCollector(outer));
                double[] expected = q.gradient(ExactHessian.flatten(point));
                assertTrue(Dense.relativeError(ExactHessian.flatten(inside.gradient()), expected) < 1e-6);
                inside.hessianVectorProduct(point).close();
                outer.backward(y);
            }
            // The caller's graph was left alone: d(Σx²)/dx = 2x.
            assertEquals(List.of(2f, 4f, 6f), boxed(x.getGradient().toFloatArray()));
            // And once the outer collector is closed, the plain constructor works.
            var after = new ObjectiveCurvatureOracle(q, point, Batch.empty(), m);
            assertTrue(Double.isFinite(after.loss()));
        }
    }

    @Test
    void fallsBackToNativePrecisionWhenTheObjectiveRejectsFloat64() {
        Objective float32Only = new Objective() {
            @Override
            public List<ParameterSpec> parameters() {
                return List.of(new ParameterSpec("w", new Shape(3)));
            }

            @Override
            public NDList initialize(NDManager manager, long seed) {
                return new NDList(manager.create(new float[] {1, -1, 2}));
            }

            @Override
            public NDArray loss(NDList p, Batch batch) {
                NDArray w = p.get(0);
                NDArray fixed = w.getManager().create(new float[][] {{2, 0, 0}, {0, 1, 0}, {0, 0, 3}});
                return fixed.matMul(w.reshape(3, 1)).reshape(3).mul(w).sum().mul(0.5);
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            NDList point = float32Only.initialize(m, 0);
            var auto = new ObjectiveCurvatureOracle(float32Only, point, Batch.empty(), m);
            assertSame(DataType.FLOAT32, auto.computeType());
            assertEquals(0.5 * (2 + 1 + 12), auto.loss(), 1e-6);
            double[] hv = ExactHessian.flatten(auto.hessianVectorProduct(point));
            assertTrue(Dense.relativeError(hv, new double[] {2, -1, 6}) < 1e-3);
            var strict = new ObjectiveCurvatureOracle(float32Only, point, Batch.empty(), m,
                    ObjectiveCurvatureOracle.Options.defaults().withPrecision(ObjectiveCurvatureOracle.Precision.FLOAT64));
            IllegalStateException e = assertThrows(IllegalStateException.class, strict::loss);
            assertTrue(e.getMessage().contains("float64"), e.getMessage());
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static List<Float> boxed(float[] f) {
        java.util.ArrayList<Float> out = new java.util.ArrayList<>();
        for (float x : f) {
            out.add(x);
        }
        return out;
    }
}
