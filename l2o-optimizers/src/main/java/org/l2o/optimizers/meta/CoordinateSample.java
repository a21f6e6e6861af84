package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stratified random subset of an optimizee's coordinates, for estimating the meta-gradient of a
 * coordinatewise learned optimizer from part of its coordinates.
 *
 * <p>Why this is exact in expectation: with first-order meta-gradients the gradients fed to the
 * optimizer are constants, and a coordinatewise network (L2O-DM) updates each coordinate from its
 * own gradients and state only. The surrogate Σ_t w_t·⟨g_t, θ_t(φ)⟩ is then a sum over coordinates
 * of terms that each depend on φ through that coordinate's chain alone, so sampling coordinates
 * with inclusion probability m_j/n_j in tensor j and weighting each sampled term by n_j/m_j gives
 * an unbiased estimate of the meta-gradient. The remaining coordinates still take their learned
 * steps, but without autograd (in place), which costs a fraction of a recorded step.
 *
 * <p>Each tensor contributes max(⌈fraction·n_j⌉, min(n_j, minimum)) coordinates, so small tensors
 * (biases, output layers), whose coordinates carry most of the early meta-gradient, are kept whole.
 * The flat vector is reordered so that the sampled coordinates come first: {@link #sampledRows}
 * and {@link #otherRows} split an (N, 1) column, {@link #assemble} puts the two parts back in the
 * layout's order. Immutable once drawn; its index arrays belong to the manager it was drawn with.
 */
final class CoordinateSample {

    private final long size;
    private final int sampled;
    private final NDArray sampledIndex;
    private final NDArray otherIndex;
    private final NDArray inverse;
    private final NDArray weights;

    private CoordinateSample(long size, int sampled, NDArray sampledIndex, NDArray otherIndex, NDArray inverse,
            NDArray weights) {
        this.size = size;
        this.sampled = sampled;
        this.sampledIndex = sampledIndex;
        this.otherIndex = otherIndex;
        this.inverse = inverse;
        this.weights = weights;
    }

    /**
     * Draws a sample.
     *
     * @param shapes the optimizee's parameter shapes, in flat order
     * @param fraction share of each tensor's coordinates to sample, in (0, 1]
     * @param minimum coordinates kept per tensor at least (all of a smaller tensor)
     * @param random the source of the choice
     * @param manager owns the index and weight arrays
     */
    static CoordinateSample draw(List<Shape> shapes, double fraction, int minimum, SplittableRandom random,
            NDManager manager) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("coordinate sample fraction must be in (0, 1], got " + fraction);
        }
        if (minimum < 0) {
            throw new IllegalArgumentException("minimum coordinates per tensor must be >= 0, got " + minimum);
        }
        long total = 0;
        for (Shape s : shapes) {
            total += s.size();
        }
        int n = Math.toIntExact(total);
        long[] order = new long[n];
        float[] w = new float[n];
        int front = 0;
        int back = n;
        long offset = 0;
        for (Shape s : shapes) {
            int nj = Math.toIntExact(s.size());
            int mj = (int) Math.min(nj, Math.max(Math.ceil(fraction * nj), Math.min(nj, minimum)));
            int[] idx = new int[nj];
            for (int i = 0; i < nj; i++) {
                idx[i] = i;
            }
            // partial Fisher-Yates: the first mj entries are a uniform sample without replacement
            for (int i = 0; i < mj; i++) {
                int j = i + random.nextInt(nj - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            float weight = (float) ((double) nj / mj);
            for (int i = 0; i < mj; i++) {
                w[front] = weight;
                order[front++] = offset + idx[i];
            }
            for (int i = nj - 1; i >= mj; i--) {
                order[--back] = offset + idx[i];
            }
            offset += nj;
        }
        int m = front;
        long[] inv = new long[n];
        for (int i = 0; i < n; i++) {
            inv[(int) order[i]] = i;
        }
        long[] s = Arrays.copyOfRange(order, 0, m);
        long[] o = Arrays.copyOfRange(order, m, n);
        float[] ws = Arrays.copyOfRange(w, 0, m);
        return new CoordinateSample(total, m, manager.create(s, new Shape(m, 1)),
                m < n ? manager.create(o, new Shape(n - m, 1)) : null, manager.create(inv, new Shape(n, 1)),
                manager.create(ws, new Shape(m, 1)));
    }

    /** N, all coordinates. */
    long size() {
        return size;
    }

    /** m, the sampled coordinates. */
    int sampled() {
        return sampled;
    }

    /** The coordinates left out (N − m). */
    long others() {
        return size - sampled;
    }

    /** n_j/m_j for each sampled coordinate, an (m, 1) constant. */
    NDArray weights() {
        return weights;
    }

    /** The sampled rows (m, 1) of an (N, 1) column, in the sample's order. */
    NDArray sampledRows(NDArray column) {
        return column.take(sampledIndex);
    }

    /** The rows left out (N − m, 1) of an (N, 1) column; null when every row is sampled. */
    NDArray otherRows(NDArray column) {
        return otherIndex == null ? null : column.take(otherIndex);
    }

    /** The (N, 1) column in layout order from its sampled rows and the others (null when none). */
    NDArray assemble(NDArray sampledPart, NDArray otherPart) {
        NDArray reordered = otherPart == null ? sampledPart : NDArrays.concat(new NDList(sampledPart, otherPart), 0);
        return reordered.take(inverse);
    }
}
