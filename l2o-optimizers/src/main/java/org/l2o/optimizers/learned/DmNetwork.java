package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The coordinatewise two-layer LSTM of L2O-DM (Andrychowicz et al., "Learning to learn by
 * gradient descent by gradient descent", NeurIPS 2016): one small LSTM shared by all
 * coordinates, each coordinate with its own state, fed the log-and-sign preprocessed gradient
 * (their Appendix A: (clamp(log(|g|+ε)/k, −1), clamp(e^k g, −1, 1))) and read out by a linear
 * layer whose output is scaled by a constant (0.01).
 *
 * <p>Formulation for speed (measured, see README): coordinates are rows, so a layer's state is
 * N × H; each layer multiplies its inputs [inputs, 1, h] (the bias folded in as a column of ones)
 * by one (in+1+H) × H weight block per gate, so each gate comes out as its own contiguous N × H
 * array (element-wise work on column slices of an (N × 4H) product ran several times slower, and
 * one broadcast product with the whole (4, in+1+H, H) weight made PyTorch copy the inputs four
 * times); the cell candidate is written 2σ(a)−1 (= tanh(a/2)), a re-parametrization of the usual
 * tanh(a) gate with the same function class; tanh(c) is computed as 2σ(2c)−1, which PyTorch's CPU
 * kernels ran about three times faster than tanh, with the state holding 2c so that no doubling
 * pass is needed. In {@link LearnedNetwork.Mode#INFERENCE} the cell state and gate buffers are
 * updated in place.
 *
 * <p>Meta-parameters: {@code lstm1.weight} (4 × (3+H) × H; rows log-gradient, sign-gradient,
 * bias, h1), {@code lstm2.weight} (4 × (2H+1) × H; rows h1, bias, h2), {@code output.weight}
 * (H × 1), {@code output.bias} (1 × 1). The leading index is the gate: input, forget, output,
 * candidate.
 */
public final class DmNetwork implements LearnedNetwork {

    /** float32 machine epsilon, added before the logarithm as in the reference code. */
    private static final float EPS = 1.1920929e-7f;

    private final String architecture;
    private final int hidden;
    private final double k;
    private final double outputScale;

    /**
     * @param architecture the name saved with the parameters ({@code l2o-dm} or {@code l2o-dm-cl})
     * @param hidden LSTM units per layer (20 in the paper)
     * @param k the preprocessing threshold (reference code 5, paper 10)
     * @param outputScale factor on the linear output (0.01)
     */
    public DmNetwork(String architecture, int hidden, double k, double outputScale) {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden units must be >= 1, got " + hidden);
        }
        if (!(k > 0)) {
            throw new IllegalArgumentException("preprocessing k must be > 0, got " + k);
        }
        this.architecture = architecture;
        this.hidden = hidden;
        this.k = k;
        this.outputScale = outputScale;
    }

    @Override
    public String architecture() {
        return architecture;
    }

    public int hidden() {
        return hidden;
    }

    /** The preprocessing threshold k. */
    public double k() {
        return k;
    }

    /** The factor on the linear output. */
    public double outputScale() {
        return outputScale;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hidden", hidden);
        c.put("layers", 2);
        c.put("k", k);
        c.put("output-scale", outputScale);
        return c;
    }

    @Override
    public List<MetaParameters.Spec> parameterSpecs() {
        int h = hidden;
        return List.of(
                new MetaParameters.Spec("lstm1.weight", new long[] {4, 3L + h, h}),
                new MetaParameters.Spec("lstm2.weight", new long[] {4, 2L * h + 1, h}),
                new MetaParameters.Spec("output.weight", new long[] {h, 1}),
                new MetaParameters.Spec("output.bias", new long[] {1, 1}));
    }

    @Override
    public MetaParameters initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MetaParameters p = MetaParameters.zeros(parameterSpecs());
        double bound = 1.0 / Math.sqrt(hidden);
        // PyTorch's LSTM default U(-1/sqrt(H), 1/sqrt(H)), with the forget-gate bias at +1 so the
        // cells start by remembering (Gers et al. 2000; Sonnet's default, as in the reference code).
        initLayer(p.values("lstm1.weight"), 3 + hidden, 2, bound, random);
        initLayer(p.values("lstm2.weight"), 2 * hidden + 1, hidden, bound, random);
        float[] out = p.values("output.weight");
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return p;
    }

    private void initLayer(float[] w, int rows, int biasRow, double bound, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        for (int gate = 0; gate < 4; gate++) {
            for (int c = 0; c < hidden; c++) {
                w[(gate * rows + biasRow) * hidden + c] = gate == 1 ? 1f : 0f;
            }
        }
    }

    @Override
    public State initialState(NDManager manager, List<Shape> layout) {
        long n = new FlatLayout(layout).size();
        return new DmState(manager, hidden, n);
    }

    /** One LSTM shared by all coordinates, each with its own rows of state. */
    @Override
    public boolean coordinatewise() {
        return true;
    }

    @Override
    public boolean restorableState() {
        return true;
    }

    /** {@link DmVectorKernel} where {@link VectorKernels#enabled()} and N fits a Java array. */
    @Override
    public Optional<InferenceKernel> inferenceKernel(MetaParameters phi, List<Shape> layout) {
        long n = new FlatLayout(layout).size();
        if (n > Integer.MAX_VALUE / (2L * hidden) || !VectorKernels.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new DmVectorKernel(this, phi, (int) n, VectorKernels.threads()));
    }

    @Override
    public NDArray step(NDList phi, LearnedNetwork.State state, NDArray gradient, double loss, Mode mode) {
        DmState s = (DmState) state;
        boolean train = mode == Mode.TRAINING;
        NDManager tmp = gradient.getManager();
        NDArray g = gradient.getDataType() == DataType.FLOAT32 ? gradient : gradient.toType(DataType.FLOAT32, false);

        NDArray logPart;
        NDArray signPart;
        if (train && g.hasGradient()) {
            // the gradient is itself differentiated (second derivatives): native scalars, see Scalars
            logPart = g.abs().add(Scalars.of(tmp, EPS)).log().div(Scalars.of(tmp, k)).maximum(Scalars.of(tmp, -1));
            signPart = g.mul(Scalars.of(tmp, Math.exp(k))).clip(-1f, 1f);
        } else {
            logPart = g.abs();
            logPart.addi(EPS);
            logPart = logPart.log();
            logPart.divi(k);
            logPart = logPart.maximum(-1f);
            signPart = g.mul(Math.exp(k));
            signPart = signPart.clip(-1f, 1f);
        }

        NDArray x1 = NDArrays.concat(new NDList(logPart, signPart, s.ones, s.h1), 1);
        NDArray h1 = cell(x1, phi.get(0), s, 1, tmp, train);
        NDArray x2 = own(NDArrays.concat(new NDList(h1, s.ones, s.h2), 1), tmp, train);
        NDArray h2 = cell(x2, phi.get(1), s, 2, tmp, train);
        NDArray out = own(h2.matMul(phi.get(2)), tmp, train);
        if (train) {
            return out.add(phi.get(3)).mul(Scalars.of(tmp, outputScale));
        }
        out.addi(phi.get(3));
        out.muli(outputScale);
        return out;
    }

    /**
     * One LSTM cell on inputs x (N × in) with weights w (4 × in × H); replaces the state's h and c of
     * the layer. One product per gate: a single broadcast product x · w made PyTorch copy x four
     * times first, and ran about a fifth slower in all.
     */
    private NDArray cell(NDArray x, NDArray w, DmState s, int layer, NDManager tmp, boolean train) {
        NDArray c = layer == 1 ? s.c1 : s.c2;
        NDArray[] gates = new NDArray[4];
        for (int gate = 0; gate < 4; gate++) {
            NDArray z = own(x.matMul(own(w.get(gate), tmp, train)), tmp, train);
            gates[gate] = own(z.getNDArrayInternal().sigmoid(), tmp, train);
        }
        NDArray in = gates[0];
        NDArray forget = gates[1];
        NDArray outGate = gates[2];
        NDArray cand = gates[3];
        NDArray cNew;
        NDArray hNew;
        // the state holds 2c, so tanh(c) = 2σ(2c) − 1 needs no doubling: 2c ← f·2c + i·(4σ(a) − 2)
        if (train) {
            NDManager m = cand.getManager();
            NDArray one = Scalars.of(m, 1);
            NDArray two = Scalars.of(m, 2);
            NDArray four = Scalars.of(m, 4);
            NDArray candidate = cand.mul(four).sub(two);
            cNew = forget.mul(c).add(in.mul(candidate));
            NDArray tanhC = cNew.getNDArrayInternal().sigmoid().mul(two).sub(one);
            hNew = outGate.mul(tanhC);
        } else {
            cand.muli(4).subi(2).muli(in);
            c.muli(forget).addi(cand);
            cNew = c;
            hNew = c.getNDArrayInternal().sigmoid();
            hNew.muli(2).subi(1).muli(outGate);
        }
        s.replace(layer, hNew, cNew, train);
        return hNew;
    }

    private static NDArray own(NDArray a, NDManager tmp, boolean train) {
        if (!train) {
            a.attach(tmp);
        }
        return a;
    }

    /** h and 2c of both layers, each N × H, plus a constant column of ones for the folded biases. */
    static final class DmState implements LearnedNetwork.State {
        private NDManager manager;
        private NDArray h1;
        private NDArray c1;
        private NDArray h2;
        private NDArray c2;
        private NDArray ones;

        DmState(NDManager manager, int hidden, long n) {
            this.manager = manager;
            Shape shape = new Shape(n, hidden);
            h1 = manager.zeros(shape);
            c1 = manager.zeros(shape);
            h2 = manager.zeros(shape);
            c2 = manager.zeros(shape);
            ones = manager.ones(new Shape(n, 1));
        }

        void replace(int layer, NDArray h, NDArray c, boolean train) {
            if (!train) {
                h.attach(manager);
                if (layer == 1) {
                    h1.close();
                } else {
                    h2.close();
                }
            }
            if (layer == 1) {
                h1 = h;
                c1 = c;
            } else {
                h2 = h;
                c2 = c;
            }
        }

        @Override
        public NDList arrays() {
            return new NDList(h1, c1, h2, c2);
        }

        @Override
        public void load(NDList arrays) {
            if (arrays.size() != 4 || !arrays.get(0).getShape().equals(h1.getShape())) {
                throw new IllegalArgumentException("an l2o-dm state is 4 arrays of shape " + h1.getShape()
                        + ", got " + arrays.size() + (arrays.isEmpty() ? "" : " of shape " + arrays.get(0).getShape()));
            }
            h1 = arrays.get(0);
            c1 = arrays.get(1);
            h2 = arrays.get(2);
            c2 = arrays.get(3);
        }

        @Override
        public void detach(NDManager target) {
            h1 = cut(h1, target);
            c1 = cut(c1, target);
            h2 = cut(h2, target);
            c2 = cut(c2, target);
            NDArray o = ones;
            ones = o.duplicate();
            ones.attach(target);
            manager = target;
        }

        private static NDArray cut(NDArray a, NDManager target) {
            NDArray d = a.stopGradient();
            d.attach(target);
            return d;
        }

        @Override
        public void close() {
            for (NDArray a : new NDArray[] {h1, c1, h2, c2, ones}) {
                a.close();
            }
        }
    }
}
