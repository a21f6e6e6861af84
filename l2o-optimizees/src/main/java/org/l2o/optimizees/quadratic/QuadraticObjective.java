package org.l2o.optimizees.quadratic;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.l2o.api.Batch;
import org.l2o.api.Objective;

/**
 * The convex quadratic L(θ) = ½(θ−c)ᵀA(θ−c) + ℓ₀ with A = Q·diag(λ)·Qᵀ positive semidefinite,
 * a single parameter {@code theta} of shape (p). Gradient A(θ−c), Hessian A everywhere: the
 * test bed of the curvature regularizers and of Theorem 1 of Yang et al. (AISTATS 2023), whose
 * local entropy has a closed form here (see the design notes).
 *
 * <p>Besides the DJL loss it offers the exact quantities in double precision: {@link #matrix()},
 * {@link #hessian()}, {@link #eigenvalues()}, {@link #eigenvectors()}, {@link #center()},
 * {@link #offset()}, {@link #value(double[])} and {@link #gradient(double[])}.
 *
 * <p>Lifecycle: the native copies of A and c are made on first use per device and data type and
 * kept until {@link #close()}; the objective stays usable after close (it makes new copies).
 * Thread-safe. {@link #loss} closes its intermediates; the returned scalar is attached to the
 * manager of {@code theta} and the caller closes it.
 */
public final class QuadraticObjective implements Objective, AutoCloseable {

    /** The name of the single parameter array. */
    public static final String PARAMETER = "theta";

    private final double[] eigenvalues;
    private final double[][] eigenvectors;
    private final double[][] a;
    private final double[] c;
    private final double offset;
    private final double initStd;
    private final List<ParameterSpec> specs;
    private final Map<String, NDList> cache = new HashMap<>();
    private NDManager cacheManager;

    /**
     * @param eigenvalues λ, all ≥ 0 (length p)
     * @param eigenvectors Q as p×p row-major, orthonormal columns (column j pairs with λⱼ)
     * @param center c (length p)
     * @param offset ℓ₀
     * @param initStd standard deviation of the initial θ ~ N(0, initStd²·I)
     */
    public QuadraticObjective(double[] eigenvalues, double[][] eigenvectors, double[] center, double offset,
            double initStd) {
        int p = eigenvalues.length;
        if (p < 1 || eigenvectors.length != p || center.length != p) {
            throw new IllegalArgumentException("quadratic: eigenvalues, eigenvectors and center must have one"
                    + " dimension p >= 1; given " + p + ", " + eigenvectors.length + ", " + center.length);
        }
        for (double l : eigenvalues) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("quadratic: eigenvalues must be finite and >= 0; given " + l);
            }
        }
        this.eigenvalues = eigenvalues.clone();
        this.eigenvectors = new double[p][];
        for (int i = 0; i < p; i++) {
            if (eigenvectors[i].length != p) {
                throw new IllegalArgumentException("quadratic: eigenvector matrix must be " + p + "x" + p);
            }
            this.eigenvectors[i] = eigenvectors[i].clone();
        }
        this.c = center.clone();
        this.offset = offset;
        this.initStd = initStd;
        this.a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < p; k++) {
                    s += this.eigenvectors[i][k] * eigenvalues[k] * this.eigenvectors[j][k];
                }
                a[i][j] = s;
                a[j][i] = s; // exactly symmetric
            }
        }
        this.specs = List.of(new ParameterSpec(PARAMETER, new Shape(p)));
    }

    /** The dimension p. */
    public int dimension() {
        return c.length;
    }

    /** λ (a copy), in the order of the columns of {@link #eigenvectors()}. */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** Q (a copy), p×p row-major; column j is the eigenvector of λⱼ. */
    public double[][] eigenvectors() {
        return copy(eigenvectors);
    }

    /** A = Q·diag(λ)·Qᵀ (a copy). */
    public double[][] matrix() {
        return copy(a);
    }

    /** The exact Hessian, which is A at every θ (a copy). */
    public double[][] hessian() {
        return matrix();
    }

    /** The minimizer c (a copy). */
    public double[] center() {
        return c.clone();
    }

    /** ℓ₀, the minimum value. */
    public double offset() {
        return offset;
    }

    /** The largest eigenvalue, the spectral norm of the Hessian. */
    public double largestEigenvalue() {
        double m = 0;
        for (double l : eigenvalues) {
            m = Math.max(m, l);
        }
        return m;
    }

    /** tr A. */
    public double trace() {
        double s = 0;
        for (double l : eigenvalues) {
            s += l;
        }
        return s;
    }

    /** L(θ) in double precision. */
    public double value(double[] theta) {
        double[] r = residual(theta);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            double row = 0;
            for (int j = 0; j < r.length; j++) {
                row += a[i][j] * r[j];
            }
            s += r[i] * row;
        }
        return 0.5 * s + offset;
    }

    /** ∇L(θ) = A(θ − c) in double precision. */
    public double[] gradient(double[] theta) {
        double[] r = residual(theta);
        double[] g = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double row = 0;
            for (int j = 0; j < r.length; j++) {
                row += a[i][j] * r[j];
            }
            g[i] = row;
        }
        return g;
    }

    private double[] residual(double[] theta) {
        if (theta.length != c.length) {
            throw new IllegalArgumentException("quadratic: theta must have length " + c.length + "; given " + theta.length);
        }
        double[] r = new double[c.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = theta[i] - c[i];
        }
        return r;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return specs;
    }

    @Override
    public NDList initialize(NDManager manager, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] theta = new float[c.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) (initStd * random.nextGaussian());
        }
        NDArray array = manager.create(theta, specs.get(0).shape());
        array.setName(PARAMETER);
        return new NDList(array);
    }

    /** The loss ½(θ−c)ᵀA(θ−c) + ℓ₀; the batch is ignored (may be {@link Batch#empty()} or null). */
    @Override
    public NDArray loss(NDList parameters, Batch batch) {
        if (parameters.size() != 1 || !parameters.get(0).getShape().equals(specs.get(0).shape())) {
            throw new IllegalArgumentException("optimizee 'quadratic' takes one parameter array theta of shape "
                    + specs.get(0).shape() + "; given " + describe(parameters));
        }
        NDArray theta = parameters.get(0);
        NDList constants = constants(theta.getDevice(), theta.getDataType());
        // constants: A/2, c, ℓ₀ in theta's type, so no scalar arithmetic (which would create and promote
        // 0-d double tensors) is needed: L = (θ−c)ᵀ(A/2)(θ−c) + ℓ₀.
        try (NDArray r = theta.sub(constants.get(1));
                NDArray ar = r.matMul(constants.get(0));
                NDArray quadratic = ar.dot(r)) {
            return quadratic.add(constants.get(2));
        }
    }

    private static String describe(NDList parameters) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < parameters.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(parameters.get(i).getShape());
        }
        return sb.append(']').toString();
    }

    /** A/2, c and ℓ₀ as native arrays on {@code device} in {@code type}, made once. */
    private synchronized NDList constants(Device device, DataType type) {
        String key = device + "/" + type;
        NDList list = cache.get(key);
        if (list == null) {
            if (cacheManager == null) {
                cacheManager = NDManager.newBaseManager(device);
            }
            int p = c.length;
            double[] flat = new double[p * p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    flat[i * p + j] = 0.5 * a[i][j];
                }
            }
            list = new NDList(
                    constant(cacheManager.create(flat, new Shape(p, p)), device, type),
                    constant(cacheManager.create(c.clone(), new Shape(p)), device, type),
                    constant(cacheManager.create(offset), device, type));
            cache.put(key, list);
        }
        return list;
    }

    private static NDArray constant(NDArray doubles, Device device, DataType type) {
        NDArray moved = doubles.toDevice(device, false);
        return moved.getDataType() == type ? moved : moved.toType(type, false);
    }

    /** Frees the native copies of A and c. */
    @Override
    public synchronized void close() {
        cache.clear();
        if (cacheManager != null) {
            cacheManager.close();
            cacheManager = null;
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
