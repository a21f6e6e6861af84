package org.l2o.optimizers.learned;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DmNetwork}'s inference step fused into one pass over the coordinates with the JDK's
 * vector API: for each block of coordinates the preprocessing, both LSTM layers and the output
 * layer run while the block's data sits in the core's cache, where PyTorch ops make some forty
 * passes over N × H arrays per step, each reading and writing main memory (measured, see README:
 * the fused step takes about half the time of the PyTorch ops on conv-mnist's 28,682 coordinates).
 *
 * <p>Same function as {@link DmNetwork#step} in {@link LearnedNetwork.Mode#INFERENCE}, equal up
 * to float rounding (other exp and log implementations, another summation order): gates
 * σ([inputs, 1, h]·W), the state holding 2c, candidate 4σ(a) − 2, h = o·(2σ(2c) − 1).
 *
 * <p>Layout: the state arrays are unit-major, H rows of N coordinates (padded to whole blocks),
 * so that a block of coordinates is a few contiguous vectors per unit; the gate products keep
 * sixteen accumulators (four gate columns × four vectors) so that the fused multiply-adds do not
 * wait on each other. Methods are kept small: the JIT stops inlining vector operations in large
 * methods, and vectors that are not inlined are boxed (tens of times slower).
 */
final class DmVectorKernel implements InferenceKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Coordinates per block: four vectors. */
    private static final int BLOCK = 4 * LANES;
    /** Blocks per unit of work handed to a thread. */
    private static final int CHUNK_BLOCKS = 8;
    /** float32 machine epsilon, as {@link DmNetwork}. */
    private static final float EPS = 1.1920929e-7f;

    private final int n;
    private final int padded;
    private final int hidden;
    private final int gates;
    private final float logScale;
    private final float signScale;
    private final float outputScale;
    /** Layer weights by input row: w1[row · 4H + gate · H + unit]; rows lg, sg, bias, h1 / h1, bias, h2. */
    private final float[] w1;
    private final float[] w2;
    private final float[] outWeight;
    private final float outBias;
    private final float[] h1;
    private final float[] c1;
    private final float[] h2;
    private final float[] c2;
    /**
     * The gradient and Δ padded to whole blocks (the padding's gradient stays 0): masked loads and
     * stores for a last partial block are not intrinsics on every JDK, and their fallback made
     * compiled code allocate in every block.
     */
    private final float[] paddedGradient;
    private final float[] paddedDelta;
    private final int threads;
    private final ExecutorService workers;
    /** Per-thread scratch of {@link #run}: gate pre-activations z, a unit temporary t, inputs x. */
    private final float[][] zScratch;
    private final float[][] tScratch;
    private final float[][] xScratch;

    /** Whether the CPU has SIMD registers the vector API compiles to (without, it runs as slow Java). */
    static boolean hardwareSupported() {
        return LANES >= 4;
    }

    /**
     * @param network the architecture (hidden size and constants)
     * @param phi its meta-parameters (copied)
     * @param coordinates N
     * @param threads worker threads (1: the calling thread only)
     */
    DmVectorKernel(DmNetwork network, MetaParameters phi, int coordinates, int threads) {
        if (coordinates < 1) {
            throw new IllegalArgumentException("coordinates must be >= 1, got " + coordinates);
        }
        this.n = coordinates;
        this.hidden = network.hidden();
        this.gates = 4 * hidden;
        long paddedSize = ((long) coordinates + BLOCK - 1) / BLOCK * BLOCK;
        if (paddedSize * hidden > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(coordinates + " coordinates × " + hidden
                    + " hidden units do not fit a Java array; use -D" + VectorKernels.PROPERTY + "=torch");
        }
        this.padded = (int) paddedSize;
        this.logScale = (float) (1 / network.k());
        this.signScale = (float) Math.exp(network.k());
        this.outputScale = (float) network.outputScale();
        this.w1 = byInputRow(phi.values("lstm1.weight"), 3 + hidden, hidden);
        this.w2 = byInputRow(phi.values("lstm2.weight"), 2 * hidden + 1, hidden);
        this.outWeight = phi.values("output.weight").clone();
        this.outBias = phi.values("output.bias")[0];
        int size = hidden * padded;
        h1 = new float[size];
        c1 = new float[size];
        h2 = new float[size];
        c2 = new float[size];
        paddedGradient = new float[padded];
        paddedDelta = new float[padded];
        int blocks = padded / BLOCK;
        this.threads = Math.max(1, Math.min(threads, blocks / (2 * CHUNK_BLOCKS)));
        if (this.threads > 1) {
            AtomicInteger count = new AtomicInteger();
            workers = Executors.newFixedThreadPool(this.threads - 1, r -> {
                Thread t = new Thread(r, "l2o-kernel-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            workers = null;
        }
        zScratch = new float[this.threads][gates * BLOCK];
        tScratch = new float[this.threads][hidden * BLOCK];
        xScratch = new float[this.threads][2 * BLOCK];
    }

    /** (4, rows, H) gate-major weights as rows of 4H: row r holds gate g, unit u at g·H + u. */
    private static float[] byInputRow(float[] w, int rows, int hidden) {
        float[] t = new float[rows * 4 * hidden];
        for (int g = 0; g < 4; g++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(w, (g * rows + r) * hidden, t, r * 4 * hidden + g * hidden, hidden);
            }
        }
        return t;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void step(FloatBuffer gradient, FloatBuffer delta) {
        if (gradient.remaining() != n) {
            throw new IllegalArgumentException("gradient has " + gradient.remaining() + " entries, kernel made for " + n);
        }
        if (delta.remaining() < n) {
            throw new IllegalArgumentException("delta has room for " + delta.remaining() + " entries, kernel makes " + n);
        }
        gradient.get(paddedGradient, 0, n);
        int blocks = padded / BLOCK;
        if (workers == null) {
            run(paddedGradient, paddedDelta, 0, blocks, 0);
            delta.put(paddedDelta, 0, n);
            return;
        }
        // chunks handed out on demand: a worker that shares its core (with PyTorch's OpenMP threads,
        // which spin for a while after each parallel op) takes fewer, instead of holding up the step
        AtomicInteger nextChunk = new AtomicInteger();
        List<Future<?>> parts = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            int slot = t;
            parts.add(workers.submit(() -> drain(paddedGradient, paddedDelta, nextChunk, slot)));
        }
        drain(paddedGradient, paddedDelta, nextChunk, 0);
        try {
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a kernel step", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("kernel step failed", e.getCause());
        }
        delta.put(paddedDelta, 0, n);
    }

    /** Runs chunks of blocks until none is left, with the scratch arrays of {@code slot}. */
    private void drain(float[] gradient, float[] out, AtomicInteger nextChunk, int slot) {
        int blocks = padded / BLOCK;
        int chunks = (blocks + CHUNK_BLOCKS - 1) / CHUNK_BLOCKS;
        for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
            run(gradient, out, c * CHUNK_BLOCKS, Math.min(blocks, (c + 1) * CHUNK_BLOCKS), slot);
        }
    }

    /** Blocks [from, to): each runs preprocessing, both layers and the output on BLOCK coordinates. */
    private void run(float[] gradient, float[] out, int from, int to, int slot) {
        float[] z = zScratch[slot];
        float[] t = tScratch[slot];
        float[] x = xScratch[slot];
        for (int b = from; b < to; b++) {
            int n0 = b * BLOCK;
            preprocess(gradient, x, n0);
            // one call site per method for both layers (see cell)
            for (int layer = 1; layer <= 2; layer++) {
                float[] w = layer == 1 ? w1 : w2;
                if (layer == 1) {
                    gateProducts(x, 0, BLOCK, 2, 0, w, z, 2);
                } else {
                    gateProducts(h1, n0, padded, hidden, 0, w, z, hidden);
                }
                float[] h = layer == 1 ? h1 : h2;
                addGateProducts(h, n0, padded, hidden, layer == 1 ? 3 : hidden + 1, w, z);
                cell(z, t, layer == 1 ? c1 : c2, h, n0);
            }
            output(out, n0);
        }
    }

    /** x rows 0 and 1: (max(log(|g| + ε)/k, −1), clip(e^k g, −1, 1)); padding coordinates get g = 0. */
    private void preprocess(float[] gradient, float[] x, int n0) {
        for (int q = 0; q < BLOCK; q += LANES) {
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, n0 + q);
            g.abs().add(EPS).intoArray(x, q);
            g.mul(signScale).max(-1f).min(1f).intoArray(x, BLOCK + q);
        }
        logInPlace(x, 0, BLOCK);
        for (int q = 0; q < BLOCK; q += LANES) {
            FloatVector.fromArray(SPECIES, x, q).mul(logScale).max(-1f).intoArray(x, q);
        }
    }

    /** z = bias row + Σ_r w[wRow0 + r] · src rows, for the block at {@code off}. */
    private void gateProducts(float[] src, int off, int stride, int rows, int wRow0, float[] w, float[] z, int biasRow) {
        for (int j = 0; j < gates; j += 4) {
            multiplyAdd(src, off, stride, rows, wRow0, w, z, j, biasRow);
        }
    }

    /** z += Σ_r w[wRow0 + r] · src rows. */
    private void addGateProducts(float[] src, int off, int stride, int rows, int wRow0, float[] w, float[] z) {
        for (int j = 0; j < gates; j += 4) {
            multiplyAdd(src, off, stride, rows, wRow0, w, z, j, -1);
        }
    }

    /**
     * Gate columns j..j+3 of the block: starts from the bias row (biasRow ≥ 0) or from z, adds the
     * products with the given input rows, stores to z (column j at z[j · BLOCK]).
     */
    private void multiplyAdd(float[] src, int off, int stride, int rows, int wRow0, float[] w, float[] z, int j,
            int biasRow) {
        int z0 = j * BLOCK;
        int z1 = z0 + BLOCK;
        int z2 = z1 + BLOCK;
        int z3 = z2 + BLOCK;
        FloatVector a0;
        FloatVector a1;
        FloatVector a2;
        FloatVector a3;
        FloatVector b0;
        FloatVector b1;
        FloatVector b2;
        FloatVector b3;
        FloatVector c0;
        FloatVector c1;
        FloatVector c2;
        FloatVector c3;
        FloatVector d0;
        FloatVector d1;
        FloatVector d2;
        FloatVector d3;
        if (biasRow >= 0) {
            int bias = biasRow * gates + j;
            a0 = FloatVector.broadcast(SPECIES, w[bias]);
            a1 = a0;
            a2 = a0;
            a3 = a0;
            b0 = FloatVector.broadcast(SPECIES, w[bias + 1]);
            b1 = b0;
            b2 = b0;
            b3 = b0;
            c0 = FloatVector.broadcast(SPECIES, w[bias + 2]);
            c1 = c0;
            c2 = c0;
            c3 = c0;
            d0 = FloatVector.broadcast(SPECIES, w[bias + 3]);
            d1 = d0;
            d2 = d0;
            d3 = d0;
        } else {
            a0 = FloatVector.fromArray(SPECIES, z, z0);
            a1 = FloatVector.fromArray(SPECIES, z, z0 + LANES);
            a2 = FloatVector.fromArray(SPECIES, z, z0 + 2 * LANES);
            a3 = FloatVector.fromArray(SPECIES, z, z0 + 3 * LANES);
            b0 = FloatVector.fromArray(SPECIES, z, z1);
            b1 = FloatVector.fromArray(SPECIES, z, z1 + LANES);
            b2 = FloatVector.fromArray(SPECIES, z, z1 + 2 * LANES);
            b3 = FloatVector.fromArray(SPECIES, z, z1 + 3 * LANES);
            c0 = FloatVector.fromArray(SPECIES, z, z2);
            c1 = FloatVector.fromArray(SPECIES, z, z2 + LANES);
            c2 = FloatVector.fromArray(SPECIES, z, z2 + 2 * LANES);
            c3 = FloatVector.fromArray(SPECIES, z, z2 + 3 * LANES);
            d0 = FloatVector.fromArray(SPECIES, z, z3);
            d1 = FloatVector.fromArray(SPECIES, z, z3 + LANES);
            d2 = FloatVector.fromArray(SPECIES, z, z3 + 2 * LANES);
            d3 = FloatVector.fromArray(SPECIES, z, z3 + 3 * LANES);
        }
        for (int r = 0; r < rows; r++) {
            int wi = (wRow0 + r) * gates + j;
            int xi = off + r * stride;
            FloatVector x0 = FloatVector.fromArray(SPECIES, src, xi);
            FloatVector x1 = FloatVector.fromArray(SPECIES, src, xi + LANES);
            FloatVector x2 = FloatVector.fromArray(SPECIES, src, xi + 2 * LANES);
            FloatVector x3 = FloatVector.fromArray(SPECIES, src, xi + 3 * LANES);
            FloatVector v = FloatVector.broadcast(SPECIES, w[wi]);
            a0 = x0.fma(v, a0);
            a1 = x1.fma(v, a1);
            a2 = x2.fma(v, a2);
            a3 = x3.fma(v, a3);
            v = FloatVector.broadcast(SPECIES, w[wi + 1]);
            b0 = x0.fma(v, b0);
            b1 = x1.fma(v, b1);
            b2 = x2.fma(v, b2);
            b3 = x3.fma(v, b3);
            v = FloatVector.broadcast(SPECIES, w[wi + 2]);
            c0 = x0.fma(v, c0);
            c1 = x1.fma(v, c1);
            c2 = x2.fma(v, c2);
            c3 = x3.fma(v, c3);
            v = FloatVector.broadcast(SPECIES, w[wi + 3]);
            d0 = x0.fma(v, d0);
            d1 = x1.fma(v, d1);
            d2 = x2.fma(v, d2);
            d3 = x3.fma(v, d3);
        }
        a0.intoArray(z, z0);
        a1.intoArray(z, z0 + LANES);
        a2.intoArray(z, z0 + 2 * LANES);
        a3.intoArray(z, z0 + 3 * LANES);
        b0.intoArray(z, z1);
        b1.intoArray(z, z1 + LANES);
        b2.intoArray(z, z1 + 2 * LANES);
        b3.intoArray(z, z1 + 3 * LANES);
        c0.intoArray(z, z2);
        c1.intoArray(z, z2 + LANES);
        c2.intoArray(z, z2 + 2 * LANES);
        c3.intoArray(z, z2 + 3 * LANES);
        d0.intoArray(z, z3);
        d1.intoArray(z, z3 + LANES);
        d2.intoArray(z, z3 + 2 * LANES);
        d3.intoArray(z, z3 + 3 * LANES);
    }

    /**
     * σ(x) = 1/(1 + e^−x) in place over a[from, to) (whole vectors), e^x from Cephes' expf:
     * x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two parts for an exact product), a degree-5
     * polynomial for e^r, 2^n assembled in the exponent bits; about 1 ulp. Written with exactly
     * rounded operations only (no {@code VectorOperators.EXP}, whose interpreted fallback and
     * compiled intrinsic round differently), so that a step's result does not depend on whether the
     * JIT has compiled the kernel yet; and as one small loop, because vectors passed to a method the
     * JIT does not inline are boxed. e^x saturates below −87.3 and above 88.3 (2^n stays a normal
     * float), where σ is 0 or 1 to float precision.
     */
    static void sigmoidInPlace(float[] a, int from, int to) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int i = from; i < to; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, a, i).neg().max(-87.3f).min(88.3f);
            // round v·log2(e) to an integer with the 1.5·2^23 trick: t's low mantissa bits then hold n
            FloatVector t = v.fma(1.44269504088896341f, 12582912f);
            FloatVector n = t.sub(12582912f);
            FloatVector r = n.fma(s(-0.693359375f), v);
            r = n.fma(s(2.12194440e-4f), r);
            FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
            p = p.fma(r, s(8.3334519073e-3f));
            p = p.fma(r, s(4.1665795894e-2f));
            p = p.fma(r, s(1.6666665459e-1f));
            p = p.fma(r, s(5.0000001201e-1f));
            p = p.fma(r.mul(r), r).add(one);
            IntVector bits = t.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
            one.div(p.mul(bits.reinterpretAsFloats()).add(one)).intoArray(a, i);
        }
    }

    /**
     * Natural logarithm in place over a[from, to) (whole vectors) of positive normal floats and +∞
     * (what the preprocessing feeds it: |g| + ε ≥ ε), from Cephes' logf: x = 2^e·m with m in
     * [√½, √2), a degree-8 polynomial for log(m); exactly rounded operations in one small loop, as
     * {@link #sigmoidInPlace}; NaN stays NaN.
     */
    static void logInPlace(float[] a, int from, int to) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector infinity = FloatVector.broadcast(SPECIES, Float.POSITIVE_INFINITY);
        for (int i = from; i < to; i += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            IntVector bits = x.reinterpretAsInts();
            FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                    .convert(VectorOperators.I2F, 0);
            // mantissa with exponent −1: m in [0.5, 1); below √½ it is doubled and e lowered
            FloatVector m = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();
            VectorMask<Float> small = m.compare(VectorOperators.LT, 0.707106781186547524f);
            e = e.sub(one, small);
            m = m.add(m, small).sub(one);
            FloatVector z = m.mul(m);
            FloatVector y = m.fma(7.0376836292e-2f, -1.1514610310e-1f);
            y = y.fma(m, s(1.1676998740e-1f));
            y = y.fma(m, s(-1.2420140846e-1f));
            y = y.fma(m, s(1.4249322787e-1f));
            y = y.fma(m, s(-1.6668057665e-1f));
            y = y.fma(m, s(2.0000714765e-1f));
            y = y.fma(m, s(-2.4999993993e-1f));
            y = y.fma(m, s(3.3333331174e-1f));
            y = y.mul(m).mul(z);
            y = e.fma(s(-2.12194440e-4f), y);
            y = z.fma(s(-0.5f), y);
            FloatVector result = m.add(y).add(e.mul(0.693359375f));
            result = result.blend(infinity, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
            result.blend(x, x.test(VectorOperators.IS_NAN)).intoArray(a, i);
        }
    }

    private static FloatVector s(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    /**
     * One LSTM cell on the block's gate pre-activations z: 2c ← f·2c + i·(4σ(a) − 2);
     * h ← o·(2σ(2c) − 1). In passes of small methods over contiguous scratch (z, and t for σ(2c)),
     * with a single call site of {@link #sigmoidInPlace}: where the JIT inlined it twice into one
     * method, the second copy exceeded its inlining budget, its vectors were boxed and it ran
     * about ten times slower (measured).
     */
    private void cell(float[] z, float[] t, float[] c, float[] h, int n0) {
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                updateCell(z, c, t, n0);
            }
            sigmoidInPlace(pass == 0 ? z : t, 0, (pass == 0 ? gates : hidden) * BLOCK);
        }
        applyOutputGate(z, t, h, n0);
    }

    /** 2c ← f·2c + i·(4σ(a) − 2) from the gate sigmoids in z; t ← 2c. */
    private void updateCell(float[] z, float[] c, float[] t, int n0) {
        for (int u = 0; u < hidden; u++) {
            int row = u * padded + n0;
            for (int q = 0; q < BLOCK; q += LANES) {
                FloatVector in = FloatVector.fromArray(SPECIES, z, u * BLOCK + q);
                FloatVector forget = FloatVector.fromArray(SPECIES, z, (hidden + u) * BLOCK + q);
                FloatVector candidate = FloatVector.fromArray(SPECIES, z, (3 * hidden + u) * BLOCK + q).fma(4f, -2f);
                FloatVector cell = FloatVector.fromArray(SPECIES, c, row + q).mul(forget).add(in.mul(candidate));
                cell.intoArray(c, row + q);
                cell.intoArray(t, u * BLOCK + q);
            }
        }
    }

    /** h ← o·(2t − 1), with t holding σ(2c). */
    private void applyOutputGate(float[] z, float[] t, float[] h, int n0) {
        for (int u = 0; u < hidden; u++) {
            int row = u * padded + n0;
            for (int q = 0; q < BLOCK; q += LANES) {
                FloatVector outGate = FloatVector.fromArray(SPECIES, z, (2 * hidden + u) * BLOCK + q);
                FloatVector.fromArray(SPECIES, t, u * BLOCK + q).fma(2f, -1f).mul(outGate).intoArray(h, row + q);
            }
        }
    }

    /** Δ = scale · (w·h2 + b) for the block (padding coordinates included, dropped by {@link #step}). */
    private void output(float[] out, int n0) {
        for (int q = 0; q < BLOCK; q += LANES) {
            FloatVector o = FloatVector.broadcast(SPECIES, outBias);
            for (int u = 0; u < hidden; u++) {
                o = FloatVector.fromArray(SPECIES, h2, u * padded + n0 + q).fma(FloatVector.broadcast(SPECIES, outWeight[u]), o);
            }
            o.mul(outputScale).intoArray(out, n0 + q);
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
