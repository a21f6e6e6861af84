package org.l2o.optimizees.nets;

import java.util.List;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;

/**
 * The fully connected optimizees. Their input width is the feature count of the dataset (any
 * sample shape is flattened) and their output width its number of classes. Weights and biases
 * start N(0, {@code init-std}²) with 0.01 by default, as in L2O-DM's MNIST problem
 * (Andrychowicz et al., "Learning to learn by gradient descent by gradient descent", NeurIPS 2016),
 * which the AISTATS 2023 paper (Yang et al., "Learning to Generalize Provably in Learning to
 * Optimize", §5) meta-trains on and tests with.
 */
public abstract class MlpOptimizee extends NetOptimizee {

    private final String name;
    private final String description;
    private final int layers;
    private final Activation activation;

    protected MlpOptimizee(String name, String description, int hiddenLayers, Activation activation) {
        this.name = name;
        this.description = description;
        this.layers = hiddenLayers;
        this.activation = activation;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(
                HyperParameter.ofInt("hidden", 20, 1, 1_000_000, "width of each hidden layer"),
                HyperParameter.ofDouble("init-std", 0.01, 0, 100,
                        "standard deviation of the normal initial weights and biases (L2O-DM: 0.01)"));
    }

    @Override
    public DataSpec defaultData() {
        return MNIST;
    }

    @Override
    protected String architecture() {
        StringBuilder sb = new StringBuilder("flatten -> ");
        for (int i = 0; i < layers; i++) {
            sb.append("linear(hidden) -> ").append(activation.label()).append(" -> ");
        }
        return sb.append("linear(classes) -> softmax cross-entropy").toString();
    }

    @Override
    protected ClassifierObjective build(HyperParameters hp, DataSpec data) {
        int[] hidden = new int[layers];
        java.util.Arrays.fill(hidden, hp.getInt("hidden"));
        return new MlpObjective(name, data.sampleShape(), data.numClasses(), hidden, activation,
                ParameterInit.normal(hp.getDouble("init-std")));
    }

    /** {@code mlp-sigmoid}: 784–20–10, sigmoid; L2O-DM's meta-training optimizee. */
    public static final class Sigmoid extends MlpOptimizee {
        public Sigmoid() {
            super("mlp-sigmoid", "MLP 784-20-10 with sigmoid units, init N(0, 0.01^2); the optimizee L2O-DM"
                    + " (Andrychowicz et al. 2016) and Yang et al. (AISTATS 2023) meta-train on", 1, Activation.SIGMOID);
        }
    }

    /** {@code mlp-relu}: 784–20–10, ReLU. */
    public static final class Relu extends MlpOptimizee {
        public Relu() {
            super("mlp-relu", "MLP 784-20-10 with ReLU units, init N(0, 0.01^2); an unseen test optimizee of"
                    + " Yang et al. (AISTATS 2023, MLP-ReLU)", 1, Activation.RELU);
        }
    }

    /** {@code mlp-deeper}: 784–20–20–10, sigmoid. */
    public static final class Deeper extends MlpOptimizee {
        public Deeper() {
            super("mlp-deeper", "MLP 784-20-20-10 with sigmoid units, init N(0, 0.01^2); L2O-DM's deeper"
                    + " generalization test net", 2, Activation.SIGMOID);
        }
    }
}
