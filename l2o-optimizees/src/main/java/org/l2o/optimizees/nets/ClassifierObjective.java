package org.l2o.optimizees.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * A classifier written as a pure function of its parameter list: {@link #logits} maps a batch of
 * inputs to class scores with DJL operators that take the parameters as inputs, so autograd
 * (a {@link ai.djl.training.GradientCollector}) reaches them; the loss is the mean softmax
 * cross-entropy.
 *
 * <p>Memory: every intermediate array is closed as soon as the next operator has consumed it
 * (PyTorch's autograd graph keeps its own references), and the returned loss is attached to the
 * manager of the batch inputs. A caller that opens a sub-manager per step for the batch therefore
 * frees everything of that step by closing it.
 *
 * <p>Precision: the computation runs in the data type of the parameters; float32 inputs are
 * converted when the parameters are float64 (used by the finite-difference tests).
 */
public abstract class ClassifierObjective implements Objective {

    private final String optimizee;
    private final Shape sampleShape;
    private final int numClasses;
    private final List<ParameterSpec> specs;
    private final List<ParameterInit> inits;

    /**
     * @param optimizee the plugin name, for error messages
     * @param sampleShape the shape of one input sample the parameters were sized for
     * @param numClasses the number of classes (outputs)
     * @param specs parameter names and shapes, in list order
     * @param inits how each parameter is drawn, same order
     */
    protected ClassifierObjective(
            String optimizee, Shape sampleShape, int numClasses, List<ParameterSpec> specs, List<ParameterInit> inits) {
        if (specs.size() != inits.size()) {
            throw new IllegalArgumentException("one initializer per parameter expected");
        }
        this.optimizee = optimizee;
        this.sampleShape = sampleShape;
        this.numClasses = numClasses;
        this.specs = List.copyOf(specs);
        this.inits = List.copyOf(inits);
    }

    /**
     * Class scores of shape (batch, classes).
     *
     * @param parameters the parameters, checked against {@link #parameters()}
     * @param inputs the inputs of shape (batch, sample shape...), in the parameters' data type
     */
    protected abstract NDArray logits(NDList parameters, NDArray inputs);

    /** The optimizee (plugin) name. */
    public String optimizee() {
        return optimizee;
    }

    /** The shape of one sample this objective takes. */
    public Shape sampleShape() {
        return sampleShape;
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return specs;
    }

    /** How each parameter is initialized, in list order. */
    public List<ParameterInit> initializers() {
        return inits;
    }

    @Override
    public NDList initialize(NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        NDList out = new NDList(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            ParameterSpec spec = specs.get(i);
            float[] values = inits.get(i).draw(random, Math.toIntExact(spec.shape().size()));
            NDArray array = manager.create(values, spec.shape());
            array.setName(spec.name());
            out.add(array);
        }
        return out;
    }

    @Override
    public NDArray loss(NDList parameters, Batch batch) {
        checkParameters(parameters);
        NDArray inputs = inputs(batch, parameters.get(0).getDataType());
        try {
            NDArray scores = logits(parameters, inputs);
            try {
                return crossEntropy(scores, batch.labels());
            } finally {
                scores.close();
            }
        } finally {
            if (inputs != batch.inputs()) {
                inputs.close();
            }
        }
    }

    @Override
    public double accuracy(NDList parameters, Batch batch) {
        checkParameters(parameters);
        NDArray inputs = inputs(batch, parameters.get(0).getDataType());
        try (NDArray scores = logits(parameters, inputs);
                NDArray predicted = scores.argMax(1);
                NDArray labels = batch.labels().toType(DataType.INT64, true);
                NDArray hits = predicted.eq(labels);
                NDArray asInt = hits.toType(DataType.INT64, false);
                NDArray count = asInt.sum()) {
            return count.getLong() / (double) batch.size();
        } finally {
            if (inputs != batch.inputs()) {
                inputs.close();
            }
        }
    }

    /**
     * Mean of −log softmax(scores)[label] over the batch, as a scalar attached to the scores'
     * manager: log-softmax, a gather of the labelled entries, mean and an in-place negation
     * (scalar arithmetic such as {@code mul(-1.0 / n)} would cost extra native calls).
     */
    static NDArray crossEntropy(NDArray scores, NDArray labels) {
        long n = scores.getShape().get(0);
        NDArray index;
        if (labels.getDataType() == DataType.INT64) {
            index = labels.reshape(n, 1);
        } else {
            try (NDArray wide = labels.toType(DataType.INT64, false)) {
                index = wide.reshape(n, 1);
            }
        }
        try (NDArray logProbabilities = scores.logSoftmax(1);
                NDArray picked = logProbabilities.gather(index, 1)) {
            return picked.mean().negi();
        } finally {
            index.close();
        }
    }

    /** The batch inputs in {@code type}, after checking their shape. */
    private NDArray inputs(Batch batch, DataType type) {
        if (batch == null || batch.inputs() == null) {
            throw new IllegalArgumentException("optimizee '" + optimizee + "' needs a batch of inputs of shape (batch, "
                    + dims(sampleShape) + "); given an empty batch");
        }
        NDArray x = batch.inputs();
        Shape shape = x.getShape();
        Shape sample = shape.slice(1);
        if (!sample.equals(sampleShape) && !(sample.size() == sampleShape.size() && acceptsAnySampleLayout())) {
            throw new IllegalArgumentException("optimizee '" + optimizee + "' expects inputs of shape (batch, "
                    + dims(sampleShape) + "); given " + shape);
        }
        if (batch.labels() == null || batch.labels().getShape().dimension() != 1
                || batch.labels().getShape().get(0) != shape.get(0)) {
            throw new IllegalArgumentException("optimizee '" + optimizee + "' needs one label per input: inputs "
                    + shape + ", labels " + (batch.labels() == null ? "none" : batch.labels().getShape()));
        }
        return x.getDataType() == type ? x : x.toType(type, false);
    }

    /** Whether any sample shape with the right number of features is taken (MLPs flatten). */
    protected boolean acceptsAnySampleLayout() {
        return false;
    }

    private void checkParameters(NDList parameters) {
        if (parameters.size() != specs.size()) {
            throw new IllegalArgumentException("optimizee '" + optimizee + "' takes " + specs.size()
                    + " parameter arrays " + names() + "; given " + parameters.size());
        }
        for (int i = 0; i < specs.size(); i++) {
            Shape given = parameters.get(i).getShape();
            if (!given.equals(specs.get(i).shape())) {
                throw new IllegalArgumentException("optimizee '" + optimizee + "': parameter " + specs.get(i).name()
                        + " must have shape " + specs.get(i).shape() + "; given " + given);
            }
        }
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        specs.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The layout as plain maps and lists, for {@code l2o plugins --json}. */
    public List<Map<String, Object>> layout() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", specs.get(i).name());
            m.put("shape", specs.get(i).shape().getShape());
            m.put("size", specs.get(i).shape().size());
            m.put("init", inits.get(i).describe());
            out.add(m);
        }
        return out;
    }

    static String dims(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.dimension(); i++) {
            sb.append(i == 0 ? "" : ", ").append(shape.get(i));
        }
        return sb.toString();
    }
}
