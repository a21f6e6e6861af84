package org.l2o.optimizers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.api.UpdateRule;

/** The coordinatewise LSTM against a scalar Java transcription of the L2O-DM equations. */
class DmNetworkTest {

    private static final int H = 3;
    private static final double K = 5;
    private static final double SCALE = 0.01;

    @Test
    void trainingAndInferenceModesMatchAScalarReferenceOverSeveralSteps() {
        DmNetwork net = new DmNetwork("l2o-dm", H, K, SCALE);
        MetaParameters phi = net.initialize(7);
        List<Shape> layout = List.of(new Shape(2, 2), new Shape(3));
        float[][] grads = {
            {0.5f, -2e-4f, 0f, 3f, -1e-9f, 150f, -0.02f},
            {-0.1f, 1e-3f, 2f, -3f, 1e-2f, -150f, 0.3f},
            {1f, 1f, -1f, 1e-5f, 0f, 7f, -7f}
        };
        Reference ref = new Reference(phi, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            NDList phiTrain = phi.toNDList(m, false);
            NDList phiInfer = phi.toNDList(m, false);
            LearnedNetwork.State train = net.initialState(m, layout);
            LearnedNetwork.State infer = net.initialState(m, layout);
            for (float[] g : grads) {
                float[] expected = ref.step(g);
                // training-mode temporaries hold the state, so they live as long as the run (as in an unroll)
                NDArray gt = m.create(g, new Shape(g.length, 1));
                float[] a = net.step(phiTrain, train, gt, 1.0, LearnedNetwork.Mode.TRAINING).toFloatArray();
                try (NDManager tmp = m.newSubManager()) {
                    NDArray ga = tmp.create(g, new Shape(g.length, 1));
                    float[] b = net.step(phiInfer, infer, ga, 1.0, LearnedNetwork.Mode.INFERENCE).toFloatArray();
                    assertArrayEquals(expected, a, 1e-6f, "training mode");
                    assertArrayEquals(expected, b, 1e-6f, "inference mode");
                }
            }
            train.close();
            infer.close();
        }
    }

    @Test
    void updateRuleAppliesTheNetworkUpdateToEveryTensor() {
        L2oDm dm = new L2oDm();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList params = new NDList(m.zeros(new Shape(2, 2)), m.zeros(new Shape(3)));
            NDList grads = new NDList(m.create(new float[] {0.5f, -2e-4f, 0f, 3f}, new Shape(2, 2)),
                    m.create(new float[] {-1e-9f, 150f, -0.02f}));
            DmNetwork net = (DmNetwork) dm.network(dm.defaults());
            Reference ref = new Reference(net.initialize(0), 7, net.hidden());
            float[] expected = ref.step(new float[] {0.5f, -2e-4f, 0f, 3f, -1e-9f, 150f, -0.02f});
            try (UpdateRule rule = dm.create(dm.defaults(), params)) {
                rule.step(params, grads, 1.0);
            }
            float[] got = new float[7];
            System.arraycopy(params.get(0).toFloatArray(), 0, got, 0, 4);
            System.arraycopy(params.get(1).toFloatArray(), 0, got, 4, 3);
            assertArrayEquals(expected, got, 1e-6f);
            assertEquals(new Shape(2, 2), params.get(0).getShape());
        }
    }

    @Test
    void flatLayoutRoundTripsAndChecksShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList a = new NDList(m.arange(6f).reshape(2, 3), m.arange(6f, 8f));
            FlatLayout layout = FlatLayout.of(a);
            NDArray flat = layout.flatten(a, m);
            assertEquals(new Shape(8, 1), flat.getShape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, flat.toFloatArray());
            NDList back = layout.unflatten(flat);
            assertEquals(new Shape(2, 3), back.get(0).getShape());
            assertArrayEquals(new float[] {6, 7}, back.get(1).toFloatArray());
            assertThrows(IllegalArgumentException.class,
                    () -> layout.flatten(new NDList(m.zeros(new Shape(3, 2)), m.zeros(new Shape(2))), m));
        }
    }

    @Test
    void initializationIsSeededAndOpensTheForgetGate() {
        DmNetwork net = new DmNetwork("l2o-dm", H, K, SCALE);
        assertEquals(net.initialize(3), net.initialize(3));
        float[] w1 = net.initialize(3).values("lstm1.weight");
        // gate 1 (forget), bias row 2, every unit
        for (int c = 0; c < H; c++) {
            assertEquals(1f, w1[(1 * (3 + H) + 2) * H + c]);
            assertEquals(0f, w1[(0 * (3 + H) + 2) * H + c]);
        }
    }

    /** The L2O-DM equations written out per coordinate in double precision. */
    private static final class Reference {
        private final float[] w1;
        private final float[] w2;
        private final float[] wo;
        private final float bo;
        private final int h;
        private final double[][] h1;
        private final double[][] c1;
        private final double[][] h2;
        private final double[][] c2;

        Reference(MetaParameters phi, int n) {
            this(phi, n, H);
        }

        Reference(MetaParameters phi, int n, int hidden) {
            w1 = phi.values("lstm1.weight");
            w2 = phi.values("lstm2.weight");
            wo = phi.values("output.weight");
            bo = phi.values("output.bias")[0];
            h = hidden;
            h1 = new double[n][h];
            c1 = new double[n][h];
            h2 = new double[n][h];
            c2 = new double[n][h];
        }

        float[] step(float[] g) {
            float[] out = new float[g.length];
            double k = K;
            for (int j = 0; j < g.length; j++) {
                double logPart = Math.max(Math.log(Math.abs(g[j]) + 1.1920929e-7) / k, -1);
                double signPart = Math.max(-1, Math.min(1, g[j] * Math.exp(k)));
                double[] x1 = new double[3 + h];
                x1[0] = logPart;
                x1[1] = signPart;
                x1[2] = 1;
                System.arraycopy(h1[j], 0, x1, 3, h);
                lstm(x1, w1, h1[j], c1[j]);
                double[] x2 = new double[2 * h + 1];
                System.arraycopy(h1[j], 0, x2, 0, h);
                x2[h] = 1;
                System.arraycopy(h2[j], 0, x2, h + 1, h);
                lstm(x2, w2, h2[j], c2[j]);
                double o = bo;
                for (int u = 0; u < h; u++) {
                    o += h2[j][u] * wo[u];
                }
                out[j] = (float) (o * SCALE);
            }
            return out;
        }

        private void lstm(double[] x, float[] w, double[] hs, double[] cs) {
            int rows = x.length;
            double[][] pre = new double[4][h];
            for (int gate = 0; gate < 4; gate++) {
                for (int u = 0; u < h; u++) {
                    double a = 0;
                    for (int r = 0; r < rows; r++) {
                        a += x[r] * w[(gate * rows + r) * h + u];
                    }
                    pre[gate][u] = a;
                }
            }
            for (int u = 0; u < h; u++) {
                double i = sigmoid(pre[0][u]);
                double f = sigmoid(pre[1][u]);
                double o = sigmoid(pre[2][u]);
                double cand = Math.tanh(pre[3][u] / 2);
                cs[u] = f * cs[u] + i * cand;
                hs[u] = o * Math.tanh(cs[u]);
            }
        }

        private static double sigmoid(double a) {
            return 1 / (1 + Math.exp(-a));
        }
    }

}
