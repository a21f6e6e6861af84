package org.l2o.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;

/**
 * Parameter lists treated as one flat vector: the arithmetic that regularizers, optimizers and
 * plugins share. Results are new arrays attached to the given (or the first operand's) manager.
 */
public final class NDLists {

    private NDLists() {}

    /** ⟨a, b⟩ summed over all arrays, in double. */
    public static double dot(NDList a, NDList b) {
        checkSameSize(a, b);
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            try (NDArray product = a.get(i).mul(b.get(i)); NDArray s = product.sum()) {
                sum += s.toType(DataType.FLOAT64, false).getDouble();
            }
        }
        return sum;
    }

    /** ‖a‖₂. */
    public static double norm(NDList a) {
        return Math.sqrt(dot(a, a));
    }

    /** a + alpha·b. */
    public static NDList axpy(NDList a, double alpha, NDList b) {
        checkSameSize(a, b);
        NDList out = new NDList(a.size());
        for (int i = 0; i < a.size(); i++) {
            try (NDArray scaled = b.get(i).mul(alpha)) {
                out.add(a.get(i).add(scaled));
            }
        }
        return out;
    }

    /** alpha·a. */
    public static NDList scale(NDList a, double alpha) {
        NDList out = new NDList(a.size());
        for (NDArray x : a) {
            out.add(x.mul(alpha));
        }
        return out;
    }

    /** Copies detached into {@code manager}. */
    public static NDList copy(NDManager manager, NDList a) {
        NDList out = new NDList(a.size());
        for (NDArray x : a) {
            NDArray c = x.duplicate();
            c.attach(manager);
            out.add(c);
        }
        return out;
    }

    /** Independent ±1 entries (Rademacher) with the layout of {@code like}. */
    public static NDList rademacher(NDManager manager, NDList like, Random random) {
        NDList out = new NDList(like.size());
        for (NDArray x : like) {
            float[] v = new float[Math.toIntExact(x.size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = random.nextBoolean() ? 1f : -1f;
            }
            out.add(manager.create(v, x.getShape()).toType(x.getDataType(), false));
        }
        return out;
    }

    /** Independent standard normal entries with the layout of {@code like}. */
    public static NDList gaussian(NDManager manager, NDList like, Random random) {
        NDList out = new NDList(like.size());
        for (NDArray x : like) {
            float[] v = new float[Math.toIntExact(x.size())];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) random.nextGaussian();
            }
            out.add(manager.create(v, x.getShape()).toType(x.getDataType(), false));
        }
        return out;
    }

    /** Total number of scalar entries. */
    public static long size(NDList a) {
        long n = 0;
        for (NDArray x : a) {
            n += x.size();
        }
        return n;
    }

    private static void checkSameSize(NDList a, NDList b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("parameter lists differ in length: " + a.size() + " vs " + b.size());
        }
    }
}
