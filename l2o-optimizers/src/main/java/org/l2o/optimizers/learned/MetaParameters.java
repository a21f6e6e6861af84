package org.l2o.optimizers.learned;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The meta-parameters φ of a learned optimizer, held on the Java heap as named float32 tensors in
 * a fixed order. This is the master copy: meta-optimizers update it in Java, checkpoints and
 * saved optimizers serialize it, and each unroll or update rule copies it into native arrays.
 * Mutable (meta-optimizers change the values in place); not thread-safe.
 */
public final class MetaParameters {

    /**
     * The declared name and shape of one meta-parameter tensor.
     *
     * @param name stable name, also the array name in saved {@code .npz} files
     * @param shape dimensions
     */
    public record Spec(String name, long[] shape) {
        public Spec {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
        }

        /** Number of scalar entries. */
        public int size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return Math.toIntExact(n);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec s && s.name.equals(name) && Arrays.equals(s.shape, shape);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private final List<Spec> specs;
    private final Map<String, float[]> values;

    /**
     * @param specs the layout, in order
     * @param values one array per spec, each of the spec's size (not copied)
     */
    public MetaParameters(List<Spec> specs, List<float[]> values) {
        if (specs.size() != values.size()) {
            throw new IllegalArgumentException(specs.size() + " specs but " + values.size() + " value arrays");
        }
        this.specs = List.copyOf(specs);
        this.values = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            if (values.get(i).length != s.size()) {
                throw new IllegalArgumentException("meta-parameter " + s + " needs " + s.size()
                        + " values, got " + values.get(i).length);
            }
            if (this.values.put(s.name(), values.get(i)) != null) {
                throw new IllegalArgumentException("duplicate meta-parameter name " + s.name());
            }
        }
    }

    /** All zeros with the given layout. */
    public static MetaParameters zeros(List<Spec> specs) {
        List<float[]> v = new ArrayList<>();
        for (Spec s : specs) {
            v.add(new float[s.size()]);
        }
        return new MetaParameters(specs, v);
    }

    public List<Spec> specs() {
        return specs;
    }

    /** The live values of one tensor (row-major); changes write through. */
    public float[] values(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no meta-parameter '" + name + "'; known: " + values.keySet());
        }
        return v;
    }

    /** The live value arrays in spec order. */
    public List<float[]> arrays() {
        return Collections.unmodifiableList(new ArrayList<>(values.values()));
    }

    /** Total number of scalar meta-parameters. */
    public int count() {
        int n = 0;
        for (Spec s : specs) {
            n += s.size();
        }
        return n;
    }

    /** A deep copy. */
    public MetaParameters copy() {
        List<float[]> v = new ArrayList<>();
        for (float[] a : values.values()) {
            v.add(a.clone());
        }
        return new MetaParameters(specs, v);
    }

    /** Copies every value from {@code other}, which must have the same layout. */
    public void setFrom(MetaParameters other) {
        if (!other.specs.equals(specs)) {
            throw new IllegalArgumentException("layouts differ: " + specs + " vs " + other.specs);
        }
        for (Spec s : specs) {
            System.arraycopy(other.values(s.name()), 0, values(s.name()), 0, s.size());
        }
    }

    /** Moves every value a fraction {@code weight} of the way towards {@code other}'s (an exponential average's step). */
    public void moveTowards(MetaParameters other, double weight) {
        if (!other.specs.equals(specs)) {
            throw new IllegalArgumentException("layouts differ: " + specs + " vs " + other.specs);
        }
        for (Spec s : specs) {
            float[] mine = values(s.name());
            float[] theirs = other.values(s.name());
            for (int i = 0; i < mine.length; i++) {
                mine[i] += (float) (weight * (theirs[i] - mine[i]));
            }
        }
    }

    /**
     * Native float32 copies in spec order.
     *
     * @param manager owns the arrays
     * @param requiresGradient whether autograd should track them (meta-training)
     */
    public NDList toNDList(NDManager manager, boolean requiresGradient) {
        NDList out = new NDList(specs.size());
        for (Spec s : specs) {
            NDArray a = manager.create(values(s.name()), new Shape(s.shape()));
            a.setName(s.name());
            if (requiresGradient) {
                a.setRequiresGradient(true);
            }
            out.add(a);
        }
        return out;
    }

    /** Whether every value is finite. */
    public boolean isFinite() {
        for (float[] a : values.values()) {
            for (float x : a) {
                if (!Float.isFinite(x)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MetaParameters m) || !m.specs.equals(specs)) {
            return false;
        }
        for (Spec s : specs) {
            if (!Arrays.equals(values(s.name()), m.values(s.name()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = specs.hashCode();
        for (float[] a : values.values()) {
            h = h * 31 + Arrays.hashCode(a);
        }
        return h;
    }
}
