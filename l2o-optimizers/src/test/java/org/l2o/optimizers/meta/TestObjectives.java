package org.l2o.optimizers.meta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.l2o.api.Batch;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;

/** Small objectives for meta-training tests, independent of the optimizee plugins. */
final class TestObjectives {

    private TestObjectives() {}

    /** f(x) = mean((A x − b)²) with A, b fixed by a seed; data-free. */
    static final class Quadratic implements Objective {
        private final int n;
        private final float[] a;
        private final float[] b;

        Quadratic(int n, long seed) {
            this(n, seed, 1f);
        }

        /** With A and b scaled by {@code scale}: gradients scale by scale² (small gradients: scale < 1). */
        Quadratic(int n, long seed, float scale) {
            this.n = n;
            SplittableRandom r = new SplittableRandom(seed);
            a = new float[n * n];
            b = new float[n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian() * scale;
            }
            for (int i = 0; i < n; i++) {
                b[i] = (float) r.nextGaussian() * scale;
            }
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(new ParameterSpec("x", new Shape(n)));
        }

        @Override
        public NDList initialize(NDManager manager, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
            return new NDList(manager.create(x, new Shape(n)));
        }

        @Override
        public NDArray loss(NDList parameters, Batch batch) {
            NDArray x = parameters.get(0);
            NDManager m = x.getManager();
            NDArray am = m.create(a, new Shape(n, n));
            NDArray bm = m.create(b, new Shape(n));
            NDArray r = am.matMul(x.reshape(n, 1)).reshape(n).sub(bm);
            return r.mul(r).mean();
        }

        /** ∇f = (2/n)·Aᵀ(A x − b) for a column x (n, 1), as differentiable operations on x. */
        NDArray gradient(NDArray x) {
            NDManager m = x.getManager();
            NDArray am = m.create(a, new Shape(n, n));
            NDArray r = am.matMul(x).sub(m.create(b, new Shape(n, 1)));
            return am.transpose().matMul(r).mul(m.create(2f / n));
        }
    }

    /** A one-hidden-layer sigmoid MLP with softmax cross-entropy, like mlp-sigmoid but any size. */
    static final class Mlp implements Objective {
        private final int in;
        private final int hidden;
        private final int classes;

        Mlp(int in, int hidden, int classes) {
            this.in = in;
            this.hidden = hidden;
            this.classes = classes;
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(new ParameterSpec("fc1.weight", new Shape(in, hidden)),
                    new ParameterSpec("fc1.bias", new Shape(hidden)),
                    new ParameterSpec("fc2.weight", new Shape(hidden, classes)),
                    new ParameterSpec("fc2.bias", new Shape(classes)));
        }

        @Override
        public NDList initialize(NDManager manager, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            NDList out = new NDList();
            for (ParameterSpec p : parameters()) {
                float[] v = new float[Math.toIntExact(p.shape().size())];
                if (p.shape().dimension() == 2) {
                    double s = Math.sqrt(1.0 / p.shape().get(0));
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (r.nextGaussian() * s);
                    }
                }
                out.add(manager.create(v, p.shape()));
            }
            return out;
        }

        @Override
        public NDArray loss(NDList p, Batch batch) {
            NDArray x = batch.inputs().reshape(batch.size(), in);
            NDArray h = x.matMul(p.get(0)).add(p.get(1)).getNDArrayInternal().sigmoid();
            NDArray logits = h.matMul(p.get(2)).add(p.get(3));
            NDArray logp = logits.logSoftmax(1);
            NDArray picked = logp.mul(batch.labels().oneHot(classes).toType(DataType.FLOAT32, false)).sum(new int[] {1});
            return picked.mean().neg();
        }
    }

    /** Gaussian blobs, one per class, in {@code dim} dimensions. */
    static LabeledData blobs(int samples, int dim, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centers = new float[classes][dim];
        for (float[] c : centers) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) (r.nextGaussian() * 1.5);
            }
        }
        float[] x = new float[samples * dim];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            y[i] = r.nextInt(classes);
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = centers[y[i]][j] + (float) r.nextGaussian();
            }
        }
        return new LabeledData(x, y, new Shape(dim), classes);
    }
}
