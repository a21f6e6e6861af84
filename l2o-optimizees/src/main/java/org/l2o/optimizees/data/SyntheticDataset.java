package org.l2o.optimizees.data;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.api.DataSplits;
import org.l2o.api.Dataset;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.LabeledData;

/**
 * {@code synthetic}: Gaussian blobs, for fast tests and examples. Each class c has a centre
 * μ_c with coordinates drawn from N(0, center-scale²); a sample of class c is μ_c plus
 * N(0, noise²) noise in every coordinate. Classes are balanced (counts differ by at most one)
 * and appear in a seeded random order. Train and test share the centres and use fresh noise.
 * Everything is drawn from one {@link java.util.Random} seeded with the run's seed, whose
 * Gaussian generator is specified by the JDK, so equal seeds give equal data on every JVM.
 */
public final class SyntheticDataset implements Dataset {

    static final HyperParameter<Integer> DIM = HyperParameter.ofInt("dim", 10, 1, 1_000_000,
            "features per sample; samples have shape (dim)");
    static final HyperParameter<Integer> CLASSES = HyperParameter.ofInt("classes", 3, 2, 10_000,
            "number of classes (blobs)");
    static final HyperParameter<Integer> TRAIN_SIZE = HyperParameter.ofInt("train-size", 512, 1, 10_000_000,
            "training samples");
    static final HyperParameter<Integer> TEST_SIZE = HyperParameter.ofInt("test-size", 256, 1, 10_000_000,
            "test samples");
    static final HyperParameter<Double> CENTER_SCALE = HyperParameter.ofDouble("center-scale", 1.0, 0.0, 1e6,
            "standard deviation of each coordinate of the class centres; larger separates classes more");
    static final HyperParameter<Double> NOISE = HyperParameter.ofDouble("noise", 1.0, 0.0, 1e6,
            "standard deviation of the noise around a class centre, per coordinate");
    static final HyperParameter<String> NORMALIZE = HyperParameter.ofString("normalize", "none",
            "none, or standardize (zero mean, unit variance per feature, statistics of the training split)");

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public String description() {
        return "Gaussian blobs: one seeded Gaussian cluster per class in a chosen dimension, for fast tests";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(DIM, CLASSES, TRAIN_SIZE, TEST_SIZE, CENTER_SCALE, NOISE, NORMALIZE);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("shape", "(dim)");
        d.put("files", "none; generated from the seed");
        return d;
    }

    @Override
    public DataSplits load(HyperParameters hp, DatasetOptions options) {
        Normalization normalization = Normalization.parse(hp.getString(NORMALIZE.name()), name(),
                Normalization.NONE, Normalization.STANDARDIZE);
        int dim = hp.getInt(DIM.name());
        int classes = hp.getInt(CLASSES.name());
        int trainSize = hp.getInt(TRAIN_SIZE.name());
        int testSize = hp.getInt(TEST_SIZE.name());
        if ((long) Math.max(trainSize, testSize) * dim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'synthetic': " + Math.max(trainSize, testSize) + " samples of dim "
                    + dim + " are more values than one Java array holds");
        }
        double centerScale = hp.getDouble(CENTER_SCALE.name());
        double noise = hp.getDouble(NOISE.name());
        Random random = new Random(options.seed());
        double[][] centres = new double[classes][dim];
        for (double[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = centerScale * random.nextGaussian();
            }
        }
        int[] trainLabels = balancedLabels(trainSize, classes, random);
        float[] train = sample(centres, trainLabels, noise, random);
        int[] testLabels = balancedLabels(testSize, classes, random);
        float[] test = sample(centres, testLabels, noise, random);
        normalization.apply(train, test, dim, 1, Double.NaN);
        Shape shape = new Shape(dim);
        return new DataSplits(name(), new LabeledData(train, trainLabels, shape, classes),
                new LabeledData(test, testLabels, shape, classes));
    }

    private static int[] balancedLabels(int size, int classes, Random random) {
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = i % classes;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    private static float[] sample(double[][] centres, int[] labels, double noise, Random random) {
        int dim = centres[0].length;
        float[] x = new float[labels.length * dim];
        for (int i = 0; i < labels.length; i++) {
            double[] centre = centres[labels[i]];
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (centre[j] + noise * random.nextGaussian());
            }
        }
        return x;
    }
}
