package org.l2o.regularizers.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * A one-hidden-layer sigmoid MLP with softmax cross-entropy, as the paper's MNIST optimizee
 * (784-20-10 has 15,910 parameters). A stand-in until the optimizees module's mlp lands.
 */
public final class SigmoidMlp implements Objective {

    private final int in;
    private final int hidden;
    private final int classes;

    public SigmoidMlp(int in, int hidden, int classes) {
        this.in = in;
        this.hidden = hidden;
        this.classes = classes;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                new ParameterSpec("fc1.weight", new Shape(hidden, in)),
                new ParameterSpec("fc1.bias", new Shape(hidden)),
                new ParameterSpec("fc2.weight", new Shape(classes, hidden)),
                new ParameterSpec("fc2.bias", new Shape(classes)));
    }

    @Override
    public NDList initialize(NDManager manager, long seed) {
        Random random = new Random(seed);
        NDList out = new NDList();
        for (ParameterSpec spec : parameters()) {
            float[] x = new float[Math.toIntExact(spec.shape().size())];
            double scale = spec.shape().dimension() == 2 ? 1 / Math.sqrt(spec.shape().get(1)) : 0.1;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (scale * random.nextGaussian());
            }
            out.add(manager.create(x, spec.shape()));
        }
        return out;
    }

    /** Random inputs in [0,1) and random labels, float32/int32. */
    public Batch randomBatch(NDManager manager, int size, long seed) {
        Random random = new Random(seed);
        float[] x = new float[size * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        int[] y = new int[size];
        for (int i = 0; i < size; i++) {
            y[i] = random.nextInt(classes);
        }
        return new Batch(manager.create(x, new Shape(size, in)), manager.create(y));
    }

    @Override
    public NDArray loss(NDList p, Batch batch) {
        NDArray x = batch.inputs();
        DataType type = p.get(0).getDataType();
        NDArray h = x.matMul(p.get(0).transpose()).add(p.get(1));
        NDArray s = h.neg().exp().add(1).pow(-1);
        NDArray logits = s.matMul(p.get(2).transpose()).add(p.get(3));
        NDArray logp = logits.logSoftmax(1);
        NDArray onehot = batch.labels().oneHot(classes).toType(type, false);
        return logp.mul(onehot).sum().neg().div(batch.size());
    }
}
