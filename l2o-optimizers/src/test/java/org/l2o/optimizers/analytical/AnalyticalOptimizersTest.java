package org.l2o.optimizers.analytical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizer;
import org.l2o.api.UpdateRule;

/**
 * Checks every analytical rule against (a) steps worked out by hand, (b) a plain double-precision
 * transcription of its paper's update written independently of the DJL code, and (c) DJL's own
 * optimizers where the PyTorch engine implements them (SGD with momentum and Adam; DJL's NAG,
 * RMSprop and AdaGrad updates throw "Not implemented" on this engine).
 */
class AnalyticalOptimizersTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    // ---------------------------------------------------------------- helpers

    private static HyperParameters hp(Optimizer o, Map<String, String> values) {
        return HyperParameters.parse(o, values);
    }

    /** Runs {@code steps} updates with the given gradient sequence; returns θ after each step. */
    private static List<float[]> run(Optimizer o, Map<String, String> values, float[] theta0, List<float[]> grads) {
        List<float[]> out = new ArrayList<>();
        try (NDManager m = manager.newSubManager()) {
            NDArray p = m.create(theta0.clone());
            NDList params = new NDList(p);
            try (UpdateRule rule = o.create(hp(o, values), params)) {
                for (float[] g : grads) {
                    try (NDArray ga = m.create(g)) {
                        rule.step(params, new NDList(ga), 0.0);
                        assertArrayEquals(g, ga.toFloatArray(), "the rule modified the gradient");
                    }
                    out.add(p.toFloatArray());
                }
            }
        }
        return out;
    }

    private static List<float[]> randomGradients(long seed, int n, int steps) {
        Random r = new Random(seed);
        List<float[]> grads = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) r.nextGaussian();
            }
            // a few exact zeros and sign repeats exercise Rprop's three cases
            g[0] = 0f;
            if (s > 0) {
                g[1] = Math.abs(grads.get(s - 1)[1]) + 0.1f;
            }
            grads.add(g);
        }
        return grads;
    }

    private static float[] theta0(int n) {
        Random r = new Random(7);
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private static void assertClose(double[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private void compare(Optimizer o, Map<String, String> values, Supplier<Reference> reference) {
        int n = 12;
        float[] t0 = theta0(n);
        List<float[]> grads = randomGradients(3, n, 8);
        List<float[]> got = run(o, values, t0, grads);
        Reference ref = reference.get();
        double[] theta = toDouble(t0);
        for (int s = 0; s < grads.size(); s++) {
            ref.step(theta, toDouble(grads.get(s)));
            assertClose(theta, got.get(s), 2e-5, o.name() + " " + values + " step " + (s + 1));
        }
    }

    /** A paper's update written with double loops. */
    private interface Reference {
        void step(double[] theta, double[] g);
    }

    // ---------------------------------------------------------------- hand-computed steps

    @Test
    void sgdMomentumByHand() {
        // v1 = 1, θ1 = 1 - 0.1 = 0.9; v2 = 0.9 + 1 = 1.9, θ2 = 0.9 - 0.19 = 0.71
        List<float[]> t = run(new SgdOptimizer(), Map.of("lr", "0.1", "momentum", "0.9"),
                new float[] {1f}, List.of(new float[] {1f}, new float[] {1f}));
        assertEquals(0.9f, t.get(0)[0], 1e-6);
        assertEquals(0.71f, t.get(1)[0], 1e-6);
    }

    @Test
    void sgdNesterovByHand() {
        // v1 = 1, θ1 = 1 - 0.1·(1 + 0.9) = 0.81; v2 = 1.9, θ2 = 0.81 - 0.1·(1 + 1.71) = 0.539
        List<float[]> t = run(new SgdOptimizer(), Map.of("lr", "0.1", "momentum", "0.9", "nesterov", "true"),
                new float[] {1f}, List.of(new float[] {1f}, new float[] {1f}));
        assertEquals(0.81f, t.get(0)[0], 1e-6);
        assertEquals(0.539f, t.get(1)[0], 1e-6);
    }

    @Test
    void sgdWeightDecayByHand() {
        // g' = 0.5 + 0.1·2 = 0.7; θ = 2 - 0.1·0.7 = 1.93
        List<float[]> t = run(new SgdOptimizer(), Map.of("lr", "0.1", "weight-decay", "0.1"),
                new float[] {2f}, List.of(new float[] {0.5f}));
        assertEquals(1.93f, t.get(0)[0], 1e-6);
    }

    @Test
    void adamFirstStepMovesByLearningRateTimesSign() {
        // m̂ = g, v̂ = g², so the first step is lr·g/(|g|+ε) ≈ lr·sign(g) whatever |g| is
        List<float[]> t = run(new AdamOptimizer(), Map.of("lr", "0.01"),
                new float[] {1f, 1f, 1f}, List.<float[]>of(new float[] {1000f, -0.001f, 0f}));
        assertArrayEquals(new float[] {0.99f, 1.01f, 1f}, t.get(0), 1e-6f);
    }

    @Test
    void adagradByHand() {
        // G1 = 4, θ1 = 1 - 0.5·2/2 = 0.5; G2 = 5, θ2 = 0.5 - 0.5·1/√5
        List<float[]> t = run(new AdagradOptimizer(), Map.of("lr", "0.5", "eps", "0"),
                new float[] {1f}, List.of(new float[] {2f}, new float[] {1f}));
        assertEquals(0.5f, t.get(0)[0], 1e-6);
        assertEquals(0.5 - 0.5 / Math.sqrt(5), t.get(1)[0], 1e-6);
    }

    @Test
    void rmspropByHand() {
        // s1 = 0.1·4 = 0.4, θ1 = 1 - 0.01·2/√0.4
        List<float[]> t = run(new RmsPropOptimizer(), Map.of("lr", "0.01", "eps", "0"),
                new float[] {1f}, List.<float[]>of(new float[] {2f}));
        assertEquals(1 - 0.02 / Math.sqrt(0.4), t.get(0)[0], 1e-6);
    }

    @Test
    void rpropGrowsShrinksAndSkipsOnSignChange() {
        // steps: +Δ0 (no history); same sign → Δ·1.2; flip → Δ·0.5, no move; then Δ kept, move again
        List<float[]> t = run(new RpropOptimizer(), Map.of("lr", "0.1"), new float[] {0f},
                List.of(new float[] {1f}, new float[] {3f}, new float[] {-2f}, new float[] {-1f}));
        assertEquals(-0.1f, t.get(0)[0], 1e-6);
        assertEquals(-0.22f, t.get(1)[0], 1e-6);
        assertEquals(-0.22f, t.get(2)[0], 1e-6);
        assertEquals(-0.22f + 0.06f, t.get(3)[0], 1e-6);
    }

    @Test
    void rpropClipsStepSizes() {
        List<float[]> t = run(new RpropOptimizer(), Map.of("lr", "1", "step-max", "1.5", "eta-plus", "2"),
                new float[] {0f}, List.of(new float[] {1f}, new float[] {1f}, new float[] {1f}));
        assertEquals(-1f, t.get(0)[0], 1e-6);
        assertEquals(-2.5f, t.get(1)[0], 1e-6);
        assertEquals(-4f, t.get(2)[0], 1e-6);
    }

    // ---------------------------------------------------------------- paper transcriptions

    @Test
    void sgdMatchesReference() {
        for (String nesterov : List.of("false", "true")) {
            double lr = 0.05;
            double mu = 0.8;
            double wd = 0.01;
            compare(new SgdOptimizer(), Map.of("lr", "" + lr, "momentum", "" + mu, "nesterov", nesterov,
                    "weight-decay", "" + wd), () -> new Reference() {
                        double[] v;

                        @Override
                        public void step(double[] th, double[] g0) {
                            if (v == null) {
                                v = new double[th.length];
                            }
                            for (int i = 0; i < th.length; i++) {
                                double g = g0[i] + wd * th[i];
                                v[i] = mu * v[i] + g;
                                th[i] -= lr * (nesterov.equals("true") ? g + mu * v[i] : v[i]);
                            }
                        }
                    });
        }
    }

    @Test
    void adamMatchesAlgorithm1() {
        double lr = 0.01;
        double b1 = 0.8;
        double b2 = 0.95;
        double eps = 1e-3;
        compare(new AdamOptimizer(), Map.of("lr", "" + lr, "beta1", "" + b1, "beta2", "" + b2, "eps", "" + eps),
                () -> new Reference() {
                    double[] m;
                    double[] v;
                    int t;

                    @Override
                    public void step(double[] th, double[] g) {
                        if (m == null) {
                            m = new double[th.length];
                            v = new double[th.length];
                        }
                        t++;
                        for (int i = 0; i < th.length; i++) {
                            m[i] = b1 * m[i] + (1 - b1) * g[i];
                            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                            double mHat = m[i] / (1 - Math.pow(b1, t));
                            double vHat = v[i] / (1 - Math.pow(b2, t));
                            th[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                        }
                    }
                });
    }

    @Test
    void rmspropMatchesReference() {
        for (boolean centered : new boolean[] {false, true}) {
            double lr = 0.01;
            double rho = 0.9;
            double eps = 1e-4;
            double mu = 0.5;
            compare(new RmsPropOptimizer(), Map.of("lr", "" + lr, "rho", "" + rho, "eps", "" + eps,
                    "momentum", "" + mu, "centered", "" + centered), () -> new Reference() {
                        double[] s;
                        double[] mean;
                        double[] buf;

                        @Override
                        public void step(double[] th, double[] g) {
                            if (s == null) {
                                s = new double[th.length];
                                mean = new double[th.length];
                                buf = new double[th.length];
                            }
                            for (int i = 0; i < th.length; i++) {
                                s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
                                mean[i] = rho * mean[i] + (1 - rho) * g[i];
                                double ms = centered ? s[i] - mean[i] * mean[i] : s[i];
                                buf[i] = mu * buf[i] + g[i] / (Math.sqrt(ms) + eps);
                                th[i] -= lr * buf[i];
                            }
                        }
                    });
        }
    }

    @Test
    void adagradMatchesReference() {
        double lr = 0.1;
        double eps = 1e-6;
        compare(new AdagradOptimizer(), Map.of("lr", "" + lr, "eps", "" + eps, "initial-accumulator", "0.1"),
                () -> new Reference() {
                    double[] sum;

                    @Override
                    public void step(double[] th, double[] g) {
                        if (sum == null) {
                            sum = new double[th.length];
                            java.util.Arrays.fill(sum, 0.1);
                        }
                        for (int i = 0; i < th.length; i++) {
                            sum[i] += g[i] * g[i];
                            th[i] -= lr * g[i] / (Math.sqrt(sum[i]) + eps);
                        }
                    }
                });
    }

    @Test
    void rpropMatchesReference() {
        compare(new RpropOptimizer(), Map.of("lr", "0.05", "step-max", "0.08"), () -> new Reference() {
            double[] prev;
            double[] delta;

            @Override
            public void step(double[] th, double[] g0) {
                if (prev == null) {
                    prev = new double[th.length];
                    delta = new double[th.length];
                    java.util.Arrays.fill(delta, 0.05);
                }
                for (int i = 0; i < th.length; i++) {
                    double g = g0[i];
                    double s = g * prev[i];
                    if (s > 0) {
                        delta[i] = Math.min(delta[i] * 1.2, 0.08);
                    } else if (s < 0) {
                        delta[i] = Math.max(delta[i] * 0.5, 1e-6);
                        g = 0;
                    }
                    th[i] -= Math.signum(g) * delta[i];
                    prev[i] = g;
                }
            }
        });
    }

    // ---------------------------------------------------------------- DJL's own optimizers

    private void compareWithDjl(Optimizer o, Map<String, String> values, ai.djl.training.optimizer.Optimizer djl) {
        int n = 20;
        float[] t0 = theta0(n);
        List<float[]> grads = randomGradients(11, n, 10);
        List<float[]> ours = run(o, values, t0, grads);
        try (NDManager m = manager.newSubManager()) {
            NDArray w = m.create(t0.clone());
            for (int s = 0; s < grads.size(); s++) {
                try (NDArray g = m.create(grads.get(s))) {
                    djl.update("w", w, g);
                }
                assertClose(toDouble(w.toFloatArray()), ours.get(s), 1e-5, "vs DJL " + o.name() + " step " + (s + 1));
            }
        }
    }

    @Test
    void sgdMatchesDjl() {
        compareWithDjl(new SgdOptimizer(), Map.of("lr", "0.1"), ai.djl.training.optimizer.Optimizer.sgd()
                .setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.1f)).build());
        compareWithDjl(new SgdOptimizer(), Map.of("lr", "0.05", "momentum", "0.9", "weight-decay", "0.01"),
                ai.djl.training.optimizer.Optimizer.sgd()
                        .setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.05f))
                        .optMomentum(0.9f).optWeightDecays(0.01f).build());
    }

    @Test
    void adamMatchesDjl() {
        compareWithDjl(new AdamOptimizer(), Map.of("lr", "0.01"), ai.djl.training.optimizer.Optimizer.adam()
                .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.01f)).build());
        // DJL adds ε to √v instead of √v̂ (the paper's "efficient" form with ε̂ = ε), so the two
        // agree only where ε is negligible; Algorithm 1 itself is checked in adamMatchesAlgorithm1.
        compareWithDjl(new AdamOptimizer(), Map.of("lr", "0.003", "beta1", "0.5", "beta2", "0.9"),
                ai.djl.training.optimizer.Optimizer.adam()
                        .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.003f))
                        .optBeta1(0.5f).optBeta2(0.9f).build());
    }

    // ---------------------------------------------------------------- plugin contract

    @Test
    void allFiveAreDiscoveredWithPaperDefaults() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(Optimizer.class).forEach(o -> names.add(o.name()));
        for (String n : List.of("sgd", "adam", "rmsprop", "adagrad", "rprop")) {
            assertEquals(true, names.contains(n), n + " not registered: " + names);
        }
        HyperParameters adam = new AdamOptimizer().defaults();
        assertEquals(0.001, adam.getDouble("lr"));
        assertEquals(0.9, adam.getDouble("beta1"));
        assertEquals(0.999, adam.getDouble("beta2"));
        assertEquals(1e-8, adam.getDouble("eps"));
        HyperParameters rprop = new RpropOptimizer().defaults();
        assertEquals(0.1, rprop.getDouble("lr"));
        assertEquals(1.2, rprop.getDouble("eta-plus"));
        assertEquals(0.5, rprop.getDouble("eta-minus"));
        assertEquals(50.0, rprop.getDouble("step-max"));
    }

    @Test
    void badSettingsAndLayoutsAreRejected() {
        SgdOptimizer sgd = new SgdOptimizer();
        try (NDManager m = manager.newSubManager()) {
            NDList params = new NDList(m.zeros(new ai.djl.ndarray.types.Shape(3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sgd.create(hp(sgd, Map.of("nesterov", "true")), params));
            assertEquals(true, e.getMessage().contains("momentum"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> sgd.create(sgd.defaults(), new NDList()));
            try (UpdateRule rule = sgd.create(sgd.defaults(), params)) {
                NDList wrong = new NDList(m.zeros(new ai.djl.ndarray.types.Shape(4)));
                IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                        () -> rule.step(params, wrong, 0));
                assertEquals(true, shape.getMessage().contains("(3)"), shape.getMessage());
            }
        }
    }

    @Test
    void closingFreesState() {
        AdamOptimizer adam = new AdamOptimizer();
        try (NDManager m = manager.newSubManager()) {
            NDList params = new NDList(m.zeros(new ai.djl.ndarray.types.Shape(5)));
            UpdateRule rule = adam.create(adam.defaults(), params);
            int before = m.getManagedArrays().size();
            rule.close();
            assertEquals(true, m.getManagedArrays().size() < before, "state arrays were not released");
            assertThrows(IllegalStateException.class, () -> rule.step(params, params, 0));
        }
    }
}
