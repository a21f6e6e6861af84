package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The hierarchical optimizer of L2O-Scale (Wichrowska et al., "Learned Optimizers that Scale and
 * Generalize", ICML 2017): a per-parameter GRU (10 units) for every coordinate, a per-tensor GRU
 * (20 units) for every parameter tensor and one global GRU (20 units). Each step:
 * <ol>
 *   <li>momenta m_s and mean squares v_s of the gradient at four timescales s with learned decays
 *       β_s = σ(a_s) (initially 0.5, 0.9, 0.99, 0.999);</li>
 *   <li>per-coordinate inputs: the RMS-scaled momenta m_s/√(v_s+ε), the relative log gradient
 *       magnitudes log(v_s+ε) − mean_s log(v_s+ε), the product of the current and the previous
 *       RMS-scaled gradient (a gradient-product feature), and the relative log learning rate
 *       η − mean_tensor(η);</li>
 *   <li>the per-parameter GRU reads them plus, as a bias, a projection of its tensor GRU's state
 *       (the hierarchy's top-down path); its state is read out linearly into an update direction d
 *       and a change of the per-coordinate log learning rate η;</li>
 *   <li>θ ← θ + exp(η)·d; then the tensor GRUs read the mean of their coordinates' states (plus the
 *       global state as a bias) and the global GRU reads the mean of the tensor states.</li>
 * </ol>
 * GRU candidates use tanh(a) = 2σ(2a) − 1 (faster here, see {@link DmNetwork}). The paper's
 * attention and its exact input set are simplified as listed above; the paper trains it on the
 * mean log relative loss with RMSProp and heavy-tailed unroll lengths ({@link L2oScale#recipe()}).
 */
public final class ScaleNetwork implements LearnedNetwork {

    private static final int FEATURES = 10;
    private static final float EPS = 1e-12f;
    private static final double[] DECAYS = {0.5, 0.9, 0.99, 0.999};

    private final String architecture;
    private final int hp;
    private final int ht;
    private final int hg;
    private final double initialLogLr;
    private final double lrStepScale;

    /**
     * @param architecture saved name
     * @param parameterUnits per-parameter GRU units (10)
     * @param tensorUnits per-tensor GRU units (20)
     * @param globalUnits global GRU units (20)
     * @param initialLearningRate exp(η) at the start of a run
     */
    public ScaleNetwork(String architecture, int parameterUnits, int tensorUnits, int globalUnits,
            double initialLearningRate) {
        if (parameterUnits < 1 || tensorUnits < 1 || globalUnits < 1 || !(initialLearningRate > 0)) {
            throw new IllegalArgumentException("GRU sizes must be >= 1 and the initial learning rate > 0");
        }
        this.architecture = architecture;
        this.hp = parameterUnits;
        this.ht = tensorUnits;
        this.hg = globalUnits;
        this.initialLogLr = Math.log(initialLearningRate);
        this.lrStepScale = 0.1;
    }

    @Override
    public String architecture() {
        return architecture;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("parameter-units", hp);
        c.put("tensor-units", ht);
        c.put("global-units", hg);
        c.put("initial-lr", Math.exp(initialLogLr));
        c.put("features", FEATURES);
        return c;
    }

    @Override
    public List<MetaParameters.Spec> parameterSpecs() {
        return List.of(
                new MetaParameters.Spec("decay.logit", new long[] {1, 4}),
                new MetaParameters.Spec("param.gates", new long[] {FEATURES + 1 + hp, 2L * hp}),
                new MetaParameters.Spec("param.candidate", new long[] {FEATURES + 1 + hp, hp}),
                new MetaParameters.Spec("param.topdown", new long[] {ht, 3L * hp}),
                new MetaParameters.Spec("param.output", new long[] {hp + 1, 2}),
                new MetaParameters.Spec("tensor.gates", new long[] {hp + 1 + ht, 2L * ht}),
                new MetaParameters.Spec("tensor.candidate", new long[] {hp + 1 + ht, ht}),
                new MetaParameters.Spec("tensor.topdown", new long[] {hg, 3L * ht}),
                new MetaParameters.Spec("global.gates", new long[] {ht + 1 + hg, 2L * hg}),
                new MetaParameters.Spec("global.candidate", new long[] {ht + 1 + hg, hg}));
    }

    @Override
    public MetaParameters initialize(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MetaParameters p = MetaParameters.zeros(parameterSpecs());
        float[] logits = p.values("decay.logit");
        for (int i = 0; i < 4; i++) {
            logits[i] = (float) Math.log(DECAYS[i] / (1 - DECAYS[i]));
        }
        for (MetaParameters.Spec s : parameterSpecs()) {
            if (s.name().equals("decay.logit")) {
                continue;
            }
            float[] v = p.values(s.name());
            double bound = 1.0 / Math.sqrt(s.shape()[0]);
            // the read-out starts small so the first updates are near exp(η)·0
            if (s.name().equals("param.output")) {
                bound *= 0.1;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
            }
        }
        return p;
    }

    @Override
    public State initialState(NDManager manager, List<Shape> layout) {
        return new ScaleState(manager, new FlatLayout(layout), hp, ht, hg, initialLogLr);
    }

    @Override
    public NDArray step(NDList phi, LearnedNetwork.State state, NDArray gradient, double loss, Mode mode) {
        ScaleState s = (ScaleState) state;
        NDManager m = gradient.getManager();
        // results of an op land in its first operand's manager: let the state's arrays live in the step's
        // manager for the step, so temporaries and replaced state are freed with it (inference)
        NDManager home = s.manager;
        s.moveAll(m);
        NDArray g = gradient.getDataType() == DataType.FLOAT32 ? gradient : gradient.toType(DataType.FLOAT32, false);
        NDArray one = Scalars.of(m, 1);
        NDArray two = Scalars.of(m, 2);
        NDArray eps = Scalars.of(m, EPS);
        NDArray beta = phi.get(0).getNDArrayInternal().sigmoid(); // (1, 4)
        NDArray oneMinusBeta = one.sub(beta);
        NDArray g4 = g.broadcast(new Shape(g.getShape().get(0), 4));
        NDArray mom = s.mom.mul(beta).add(g4.mul(oneMinusBeta));
        NDArray sq = s.sq.mul(beta).add(g4.mul(g4).mul(oneMinusBeta));
        NDArray rms = sq.add(eps).sqrt();
        NDArray scaled = mom.div(rms);
        NDArray logSq = sq.add(eps).log();
        NDArray relLog = logSq.sub(logSq.mean(new int[] {1}, true));
        NDArray gScaled = g.div(rms.get(":, 0:1"));
        NDArray product = gScaled.mul(s.prevScaled);
        NDArray relLr = s.logLr.sub(s.segmentMeanBroadcast(s.logLr));
        NDArray x = NDArrays.concat(new NDList(scaled, relLog, product, relLr), 1); // (N, FEATURES)

        NDArray topDown = s.broadcastRows(s.tensorH.matMul(phi.get(3))); // (N, 3hp)
        NDArray hpNew = gru(x, s.paramH, phi.get(1), phi.get(2), topDown, hp, s.ones(m), one, two);

        NDArray out = NDArrays.concat(new NDList(hpNew, s.ones(m)), 1).matMul(phi.get(4)); // (N, 2)
        NDArray direction = out.get(":, 0:1");
        NDArray dLogLr = out.get(":, 1:2").mul(Scalars.of(m, lrStepScale));
        NDArray logLr = s.logLr.add(dLogLr);
        NDArray delta = logLr.exp().mul(direction);

        NDArray means = s.segmentMeans(hpNew); // (K, hp)
        NDArray kOnes = m.ones(new Shape(means.getShape().get(0), 1));
        NDArray tensorTopDown = s.globalH.matMul(phi.get(7)); // (1, 3ht)
        NDArray htNew = gru(means, s.tensorH, phi.get(5), phi.get(6), tensorTopDown, ht, kOnes, one, two);
        NDArray gIn = htNew.mean(new int[] {0}, true); // (1, ht)
        NDArray hgNew = gru(gIn, s.globalH, phi.get(8), phi.get(9), null, hg, m.ones(new Shape(1, 1)), one, two);

        s.replace(mom, sq, gScaled, logLr, hpNew, htNew, hgNew);
        if (mode == Mode.INFERENCE) {
            s.moveAll(home);
        }
        return delta;
    }

    /**
     * A GRU step on rows: r, u = σ([x, 1, h]·W_g + b), c = tanh([x, 1, r∘h]·W_c + b_c),
     * h' = (1 − u)∘h + u∘c; {@code topDown} (3·units columns: r, u, c) is added as a bias.
     */
    private static NDArray gru(NDArray x, NDArray h, NDArray wGates, NDArray wCand, NDArray topDown, int units,
            NDArray ones, NDArray one, NDArray two) {
        NDArray zGates = NDArrays.concat(new NDList(x, ones, h), 1).matMul(wGates);
        NDArray tdGates = topDown == null ? null : topDown.get(":, 0:" + 2 * units);
        if (tdGates != null) {
            zGates = zGates.add(tdGates);
        }
        NDArray gates = zGates.getNDArrayInternal().sigmoid();
        NDArray reset = gates.get(":, 0:" + units);
        NDArray update = gates.get(":, " + units + ":" + 2 * units);
        NDArray zCand = NDArrays.concat(new NDList(x, ones, reset.mul(h)), 1).matMul(wCand);
        if (topDown != null) {
            zCand = zCand.add(topDown.get(":, " + 2 * units + ":" + 3 * units));
        }
        NDArray cand = zCand.mul(two).getNDArrayInternal().sigmoid().mul(two).sub(one);
        return h.add(update.mul(cand.sub(h)));
    }

    /** Per-coordinate momenta, log learning rates and GRU states; per-tensor and global GRU states. */
    static final class ScaleState implements LearnedNetwork.State {
        private NDManager manager;
        private final long[] sizes;
        private final long[] splitPoints;
        private NDArray mom;
        private NDArray sq;
        private NDArray prevScaled;
        private NDArray logLr;
        private NDArray paramH;
        private NDArray tensorH;
        private NDArray globalH;
        private NDArray ones;

        ScaleState(NDManager manager, FlatLayout layout, int hp, int ht, int hg, double initialLogLr) {
            this.manager = manager;
            List<Shape> shapes = layout.shapes();
            sizes = new long[shapes.size()];
            splitPoints = new long[shapes.size() - 1];
            long n = 0;
            for (int i = 0; i < shapes.size(); i++) {
                sizes[i] = shapes.get(i).size();
                n += sizes[i];
                if (i < splitPoints.length) {
                    splitPoints[i] = n;
                }
            }
            mom = manager.zeros(new Shape(n, 4));
            sq = manager.zeros(new Shape(n, 4));
            prevScaled = manager.zeros(new Shape(n, 1));
            logLr = manager.full(new Shape(n, 1), (float) initialLogLr);
            paramH = manager.zeros(new Shape(n, hp));
            tensorH = manager.zeros(new Shape(sizes.length, ht));
            globalH = manager.zeros(new Shape(1, hg));
            ones = manager.ones(new Shape(n, 1));
        }

        NDArray ones(NDManager m) {
            return ones;
        }

        /** Means over each tensor's coordinates: (N, c) → (K, c). */
        NDArray segmentMeans(NDArray a) {
            NDList parts = sizes.length == 1 ? new NDList(a) : a.split(splitPoints, 0);
            NDList means = new NDList(parts.size());
            for (NDArray p : parts) {
                means.add(p.mean(new int[] {0}, true));
            }
            return means.size() == 1 ? means.get(0) : NDArrays.concat(means, 0);
        }

        /** Each tensor's row repeated for its coordinates: (K, c) → (N, c). */
        NDArray broadcastRows(NDArray rows) {
            long c = rows.getShape().get(1);
            NDList parts = new NDList(sizes.length);
            for (int k = 0; k < sizes.length; k++) {
                parts.add(rows.get(k + ":" + (k + 1)).broadcast(new Shape(sizes[k], c)));
            }
            return parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
        }

        NDArray segmentMeanBroadcast(NDArray a) {
            return broadcastRows(segmentMeans(a));
        }

        /** Attaches every state array to {@code target} (no copy). */
        void moveAll(NDManager target) {
            for (NDArray a : new NDArray[] {mom, sq, prevScaled, logLr, paramH, tensorH, globalH, ones}) {
                a.attach(target);
            }
            manager = target;
        }

        void replace(NDArray mom2, NDArray sq2, NDArray scaled2, NDArray logLr2, NDArray ph, NDArray th, NDArray gh) {
            mom = mom2;
            sq = sq2;
            prevScaled = scaled2;
            logLr = logLr2;
            paramH = ph;
            tensorH = th;
            globalH = gh;
        }

        @Override
        public void detach(NDManager target) {
            List<NDArray> cut = new ArrayList<>();
            for (NDArray a : new NDArray[] {mom, sq, prevScaled, logLr, paramH, tensorH, globalH}) {
                NDArray d = a.stopGradient();
                d.attach(target);
                cut.add(d);
            }
            mom = cut.get(0);
            sq = cut.get(1);
            prevScaled = cut.get(2);
            logLr = cut.get(3);
            paramH = cut.get(4);
            tensorH = cut.get(5);
            globalH = cut.get(6);
            NDArray o = ones.duplicate();
            o.attach(target);
            ones = o;
            manager = target;
        }

        @Override
        public void close() {
            for (NDArray a : new NDArray[] {mom, sq, prevScaled, logLr, paramH, tensorH, globalH, ones}) {
                a.close();
            }
        }
    }
}
