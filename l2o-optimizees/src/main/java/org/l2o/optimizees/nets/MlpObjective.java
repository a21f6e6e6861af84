package org.l2o.optimizees.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.l2o.api.Objective;

/**
 * A fully connected classifier: input (flattened) → hidden layers with one activation → linear
 * output. Parameters {@code fc1.weight} (hidden₁, inputs), {@code fc1.bias} (hidden₁), …,
 * {@code fcK.weight} (classes, hiddenₖ₋₁), {@code fcK.bias} (classes), the (out, in) layout of
 * PyTorch's {@code nn.Linear}. Each layer is one fused {@code linear} operator.
 */
public final class MlpObjective extends ClassifierObjective {

    private final long features;
    private final Activation activation;
    private final int layers;

    /**
     * @param optimizee the plugin name, for messages
     * @param sampleShape the sample shape; any layout, flattened to its feature count
     * @param numClasses outputs
     * @param hidden hidden layer widths, in order
     * @param activation the hidden nonlinearity
     * @param init the initializer of every weight and bias
     */
    public MlpObjective(String optimizee, Shape sampleShape, int numClasses, int[] hidden,
            Activation activation, ParameterInit init) {
        this(optimizee, sampleShape, numClasses, hidden, activation, layout(sampleShape.size(), numClasses, hidden), init);
    }

    private MlpObjective(String optimizee, Shape sampleShape, int numClasses, int[] hidden, Activation activation,
            List<Objective.ParameterSpec> specs, ParameterInit init) {
        super(optimizee, sampleShape, numClasses, specs, java.util.Collections.nCopies(specs.size(), init));
        this.features = sampleShape.size();
        this.activation = activation;
        this.layers = hidden.length + 1;
    }

    private static List<Objective.ParameterSpec> layout(long features, int classes, int[] hidden) {
        List<Objective.ParameterSpec> specs = new ArrayList<>();
        long in = features;
        for (int i = 0; i <= hidden.length; i++) {
            long out = i < hidden.length ? hidden[i] : classes;
            specs.add(new Objective.ParameterSpec("fc" + (i + 1) + ".weight", new Shape(out, in)));
            specs.add(new Objective.ParameterSpec("fc" + (i + 1) + ".bias", new Shape(out)));
            in = out;
        }
        return specs;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    protected boolean acceptsAnySampleLayout() {
        return true;
    }

    @Override
    protected NDArray logits(NDList p, NDArray inputs) {
        NDArray h = inputs.getShape().dimension() == 2 ? inputs : inputs.reshape(inputs.getShape().get(0), features);
        for (int layer = 0; layer < layers; layer++) {
            NDArray z = h.getNDArrayInternal().linear(h, p.get(2 * layer), p.get(2 * layer + 1)).singletonOrThrow();
            if (h != inputs) {
                h.close();
            }
            if (layer == layers - 1) {
                return z;
            }
            h = activation.apply(z);
            z.close();
        }
        throw new AssertionError("unreachable");
    }
}
