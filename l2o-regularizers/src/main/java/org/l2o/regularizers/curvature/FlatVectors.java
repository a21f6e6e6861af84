package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Parameter lists as one flat vector, with every result attached to an explicitly named manager,
 * so that loops over thousands of products can release their temporaries deterministically.
 */
final class FlatVectors {

    private FlatVectors() {}

    /** α·a + β·b, in a's data type, attached to {@code target}. */
    static NDList combine(NDManager target, double alpha, NDList a, double beta, NDList b) {
        check(a, b);
        NDList out = new NDList(a.size());
        for (int i = 0; i < a.size(); i++) {
            try (NDArray sa = a.get(i).mul(alpha);
                    NDArray sb = b.get(i).toType(a.get(i).getDataType(), false).mul(beta)) {
                NDArray r = sa.add(sb);
                r.attach(target);
                out.add(r);
            }
        }
        return out;
    }

    /** α·a, attached to {@code target}. */
    static NDList scale(NDManager target, double alpha, NDList a) {
        NDList out = new NDList(a.size());
        for (NDArray x : a) {
            NDArray r = x.mul(alpha);
            r.attach(target);
            out.add(r);
        }
        return out;
    }

    /**
     * A detached copy of {@code a} converted to {@code type}, attached to {@code target}. Always a
     * new tensor: PyTorch's {@code to()} returns the same tensor when the type does not change,
     * so a plain {@code toType(type, true)} would share storage and autograd state with the caller.
     */
    static NDList convert(NDManager target, NDList a, DataType type) {
        NDList out = new NDList(a.size());
        for (NDArray x : a) {
            NDArray r;
            try (NDArray detached = x.stopGradient()) {
                r = detached.getDataType() == type ? detached.duplicate() : detached.toType(type, true);
            }
            r.attach(target);
            out.add(r);
        }
        return out;
    }

    /** Zeros with the layout of {@code like}, attached to {@code target}. */
    static NDList zerosLike(NDManager target, NDList like) {
        NDList out = new NDList(like.size());
        for (NDArray x : like) {
            out.add(target.zeros(x.getShape(), x.getDataType()));
        }
        return out;
    }

    /** a += α·b, in place. */
    static void addScaledInPlace(NDList a, double alpha, NDList b) {
        check(a, b);
        for (int i = 0; i < a.size(); i++) {
            try (NDArray sb = b.get(i).toType(a.get(i).getDataType(), false).mul(alpha)) {
                a.get(i).addi(sb);
            }
        }
    }

    /** ⟨a, b⟩ accumulated in double. */
    static double dot(NDList a, NDList b) {
        check(a, b);
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            try (NDArray product = a.get(i).mul(b.get(i));
                    NDArray s = product.sum();
                    NDArray d = s.toType(DataType.FLOAT64, false)) {
                sum += d.getDouble();
            }
        }
        return sum;
    }

    static double norm(NDList a) {
        return Math.sqrt(dot(a, a));
    }

    static void close(NDList... lists) {
        for (NDList list : lists) {
            if (list != null) {
                list.close();
            }
        }
    }

    private static void check(NDList a, NDList b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(
                    "parameter lists differ in length: " + a.size() + " vs " + b.size());
        }
    }
}
