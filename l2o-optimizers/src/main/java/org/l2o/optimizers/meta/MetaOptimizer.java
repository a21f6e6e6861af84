package org.l2o.optimizers.meta;

import java.util.ArrayList;
import java.util.List;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe.MetaOptimizerKind;

/**
 * The optimizer of the meta-parameters φ, run on the Java heap in double precision: Adam
 * (Kingma and Ba 2015; β1 0.9, β2 0.999, ε 1e-8) or RMSProp (Tieleman and Hinton 2012; decay
 * 0.9, ε 1e-8). Its full state (moments, step count) is exposed for checkpoints. Not thread-safe.
 */
public final class MetaOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double RMS_DECAY = 0.9;
    private static final double EPS = 1e-8;

    private final MetaOptimizerKind kind;
    private double learningRate;
    /** A schedule's factor on the learning rate; kept apart so that restores decay the base rate only. */
    private double scale = 1;
    private final List<double[]> first = new ArrayList<>();
    private final List<double[]> second = new ArrayList<>();
    private long steps;

    /**
     * @param kind Adam or RMSProp
     * @param learningRate step size
     * @param layout the meta-parameters it will update (sizes its moments)
     */
    public MetaOptimizer(MetaOptimizerKind kind, double learningRate, MetaParameters layout) {
        this.kind = kind;
        this.learningRate = learningRate;
        for (float[] a : layout.arrays()) {
            first.add(new double[a.length]);
            second.add(new double[a.length]);
        }
    }

    public MetaOptimizerKind kind() {
        return kind;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Changes the step size (for decay on restore). */
    public void setLearningRate(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("meta learning rate must be > 0, got " + lr);
        }
        this.learningRate = lr;
    }

    /** Sets the factor a schedule applies to the learning rate for the next steps (1: none). */
    public void setScale(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("learning-rate factor must be > 0, got " + factor);
        }
        this.scale = factor;
    }

    /** The learning rate the next step uses: the base rate times the schedule's factor. */
    public double effectiveLearningRate() {
        return learningRate * scale;
    }

    /** Forgets the moments and the step count, as a fresh optimizer. */
    public void reset() {
        first.forEach(a -> java.util.Arrays.fill(a, 0));
        second.forEach(a -> java.util.Arrays.fill(a, 0));
        steps = 0;
    }

    /** Number of updates applied so far. */
    public long steps() {
        return steps;
    }

    /** First moments (Adam) per tensor; live arrays, for checkpoints. */
    public List<double[]> firstMoments() {
        return first;
    }

    /** Second moments per tensor; live arrays, for checkpoints. */
    public List<double[]> secondMoments() {
        return second;
    }

    /** Restores the state saved from {@link #firstMoments}, {@link #secondMoments} and {@link #steps}. */
    public void restore(List<double[]> m, List<double[]> v, long stepCount) {
        if (m.size() != first.size() || v.size() != second.size()) {
            throw new IllegalArgumentException("meta-optimizer state has " + m.size() + " tensors, expected " + first.size());
        }
        for (int i = 0; i < first.size(); i++) {
            if (m.get(i).length != first.get(i).length || v.get(i).length != second.get(i).length) {
                throw new IllegalArgumentException("meta-optimizer state tensor " + i + " has the wrong size");
            }
            System.arraycopy(m.get(i), 0, first.get(i), 0, m.get(i).length);
            System.arraycopy(v.get(i), 0, second.get(i), 0, v.get(i).length);
        }
        this.steps = stepCount;
    }

    /**
     * Applies one update φ ← φ − lr·factor·direction(g).
     *
     * @param phi updated in place
     * @param gradients one array per tensor of φ, finite
     */
    public void step(MetaParameters phi, List<float[]> gradients) {
        List<float[]> values = phi.arrays();
        steps++;
        double bias1 = 1 - Math.pow(BETA1, steps);
        double bias2 = 1 - Math.pow(BETA2, steps);
        double lr = learningRate * scale;
        for (int i = 0; i < values.size(); i++) {
            float[] p = values.get(i);
            float[] g = gradients.get(i);
            double[] m = first.get(i);
            double[] v = second.get(i);
            for (int j = 0; j < p.length; j++) {
                double gj = g[j];
                if (kind == MetaOptimizerKind.ADAM) {
                    m[j] = BETA1 * m[j] + (1 - BETA1) * gj;
                    v[j] = BETA2 * v[j] + (1 - BETA2) * gj * gj;
                    double mh = m[j] / bias1;
                    double vh = v[j] / bias2;
                    p[j] = (float) (p[j] - lr * mh / (Math.sqrt(vh) + EPS));
                } else {
                    v[j] = RMS_DECAY * v[j] + (1 - RMS_DECAY) * gj * gj;
                    p[j] = (float) (p[j] - lr * gj / (Math.sqrt(v[j]) + EPS));
                }
            }
        }
    }
}
