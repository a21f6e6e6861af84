package org.l2o.optimizees.nets;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.api.DataSpec;
import org.l2o.api.HyperParameters;
import org.l2o.api.Optimizee;

/**
 * Shared plumbing of the network optimizees: the data check, and {@link #details()} with the
 * parameter count and layout for the default dataset shape.
 */
public abstract class NetOptimizee implements Optimizee {

    /** MNIST and Fashion-MNIST samples. */
    static final DataSpec MNIST = new DataSpec(new Shape(1, 28, 28), 10);
    /** CIFAR-10 samples. */
    static final DataSpec CIFAR = new DataSpec(new Shape(3, 32, 32), 10);

    /** The data the net was designed for; {@link #details()} reports the layout for it. */
    public abstract DataSpec defaultData();

    /** Builds the objective for data that passed the common checks. */
    protected abstract ClassifierObjective build(HyperParameters hyperParameters, DataSpec data);

    /** One line on the architecture, for listings. */
    protected abstract String architecture();

    @Override
    public ClassifierObjective create(HyperParameters hyperParameters, DataSpec data) {
        if (data == null || data.numClasses() == 0 || data.sampleShape().dimension() == 0) {
            throw new IllegalArgumentException("optimizee '" + name() + "' needs a dataset with samples of shape "
                    + defaultData().sampleShape() + " or similar; given no data");
        }
        if (data.numClasses() < 2) {
            throw new IllegalArgumentException("optimizee '" + name() + "' needs at least 2 classes; given "
                    + data.numClasses());
        }
        return build(hyperParameters, data);
    }

    @Override
    public Map<String, Object> details() {
        ClassifierObjective objective = create(defaults(), defaultData());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("architecture", architecture());
        out.put("defaultSampleShape", defaultData().sampleShape().getShape());
        out.put("defaultClasses", defaultData().numClasses());
        out.put("parameterCount", objective.parameterCount());
        out.put("layout", objective.layout());
        return out;
    }
}
