package org.l2o.regularizers.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * Exact Hessian-vector products by double backward (PyTorch create_graph), in float64, to measure
 * the finite-difference products against. Leaks native memory per product (DESIGN.md §3): tests
 * only, on small problems.
 */
public final class ExactHessian {

    private ExactHessian() {}

    /** ∇²L(θ)·v as flat float64 values, in the order of θ's arrays. */
    @SuppressWarnings("try") // the collector only has to be open (grad mode) while the graph is built
    public static double[] hessianVector(Objective objective, NDList theta, Batch batch, NDList v) {
        try (NDManager scope = NDManager.newBaseManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList leaf = new NDList();
            for (NDArray x : theta) {
                // duplicate: toType to the same type would share the caller's tensor and its .grad
                NDArray l = x.toType(DataType.FLOAT64, false).duplicate();
                l.attach(scope);
                l.setRequiresGradient(true);
                leaf.add(l);
            }
            NDArray inputs = batch.inputs() == null ? null : batch.inputs().toType(DataType.FLOAT64, false).duplicate();
            if (inputs != null) {
                inputs.attach(scope);
            }
            NDArray loss = objective.loss(leaf, new Batch(inputs, batch.labels()));
            JniUtils.backward((PtNDArray) loss, (PtNDArray) scope.ones(loss.getShape(), loss.getDataType()), true, true);
            NDArray dot = null;
            for (int i = 0; i < leaf.size(); i++) {
                NDArray g = leaf.get(i).getGradient();
                NDArray vi = v.get(i).toType(DataType.FLOAT64, true);
                vi.attach(scope);
                NDArray term = g.mul(vi).sum();
                dot = dot == null ? term : dot.add(term);
            }
            // Snapshot ∇L, then let the second backward accumulate onto it: .grad becomes ∇L + Hv.
            // (Subtracting a snapshot avoids zeroing a .grad that is itself a graph node.)
            double[] gradient = gradients(leaf);
            JniUtils.backward((PtNDArray) dot, (PtNDArray) scope.ones(dot.getShape(), dot.getDataType()), false, false);
            double[] out = gradients(leaf);
            for (int i = 0; i < out.length; i++) {
                out[i] -= gradient[i];
                if (!Double.isFinite(out[i])) {
                    throw new IllegalStateException("exact Hessian-vector product is not finite at " + i);
                }
            }
            return out;
        }
    }

    private static double[] gradients(NDList leaf) {
        double[] out = new double[Math.toIntExact(sizeOf(leaf))];
        int offset = 0;
        for (NDArray l : leaf) {
            try (NDArray g = l.getGradient()) {
                double[] part = g.toDoubleArray();
                System.arraycopy(part, 0, out, offset, part.length);
                offset += part.length;
            }
        }
        return out;
    }

    public static long sizeOf(NDList list) {
        long n = 0;
        for (NDArray x : list) {
            n += x.size();
        }
        return n;
    }

    /** All values of a list, flattened in order, as double. */
    public static double[] flatten(NDList list) {
        double[] out = new double[Math.toIntExact(sizeOf(list))];
        int offset = 0;
        for (NDArray x : list) {
            double[] part = x.toType(DataType.FLOAT64, false).toDoubleArray();
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    /** Resident set size of this process in bytes, from /proc/self/status (Linux). */
    public static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
