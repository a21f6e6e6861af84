package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Objects;
import org.l2o.api.Batch;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.Objective;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CurvatureOracle} for an {@link Objective} at one point θ on one batch, built from
 * first-order autograd only.
 *
 * <p><b>Gradients.</b> Each loss/gradient evaluation copies θ into a fresh leaf (detached from any
 * graph θ belongs to, e.g. a meta-training graph θ_T(φ)), runs {@link Objective#loss} and one
 * backward pass, copies the gradient out and closes every temporary. DJL allows one
 * {@link GradientCollector} open at a time in the whole process: by default the oracle opens its
 * own collector around each evaluation and closes it again, so it must not be called while
 * another collector is open (it then fails with an {@link IllegalStateException} that says so).
 * To use it inside an open collector, pass that collector in {@link Options#collector}: the
 * oracle then calls its {@code backward} on a loss whose graph reaches only the oracle's own
 * leaf, which leaves the caller's graph untouched.
 *
 * <p><b>Precision.</b> With {@link Precision#AUTO} (the default) evaluations run in float64 when
 * the objective accepts float64 parameters and inputs (the batch's floating inputs are converted
 * once), and fall back to θ's own type otherwise. Returned arrays always have θ's layout and data
 * type.
 *
 * <p><b>Hessian-vector products</b> are central differences of gradients,
 * ∇²L·v ≈ ‖v‖·(∇L(θ+tv̂) − ∇L(θ−tv̂))/(2t) with v̂ = v/‖v‖ and t = δ·(1 + ‖θ‖), δ = ε^{1/3} of the
 * compute type (6.1e-6 in float64) unless {@link Options#hessianVectorStep} is set: two gradient
 * evaluations and no second-order graph, so resident memory stays flat over any number of
 * products (exact double-backward products leak native memory in DJL 0.36, see DESIGN.md §3).
 * {@link #directional} gets ∇²L·v and ∇³L[v, v, ·] from one symmetric pair of gradients in
 * float64 (step ε^{1/4}), and from two pairs in float32.
 *
 * <p><b>Lifecycle.</b> Create per evaluation point; every array it returns, and its internal
 * state, is attached to {@code manager}, which the caller closes when done. Not thread-safe.
 */
public final class ObjectiveCurvatureOracle implements DirectionalCurvatureOracle {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectiveCurvatureOracle.class);

    /** The data type gradient evaluations run in. */
    public enum Precision {
        /** float64 if the objective accepts it, else θ's own type. */
        AUTO,
        /** float64, failing if the objective does not accept it. */
        FLOAT64,
        /** θ's own type. */
        NATIVE
    }

    /**
     * Settings beyond the four required arguments.
     *
     * @param precision the compute type
     * @param collector an open gradient collector to compute inside, or {@code null} to open one
     *     around each evaluation
     * @param hessianVectorStep relative step δ of Hessian-vector products; 0 means ε^{1/3}
     */
    public record Options(Precision precision, GradientCollector collector, double hessianVectorStep) {

        public Options {
            Objects.requireNonNull(precision, "precision");
            if (!(hessianVectorStep >= 0) || !Double.isFinite(hessianVectorStep)) {
                throw new IllegalArgumentException(
                        "hessianVectorStep must be a finite value >= 0 (0 = automatic), got " + hessianVectorStep);
            }
        }

        /** AUTO precision, own collectors, automatic step. */
        public static Options defaults() {
            return new Options(Precision.AUTO, null, 0);
        }

        public Options withPrecision(Precision p) {
            return new Options(p, collector, hessianVectorStep);
        }

        public Options withCollector(GradientCollector c) {
            return new Options(precision, c, hessianVectorStep);
        }

        public Options withHessianVectorStep(double step) {
            return new Options(precision, collector, step);
        }
    }

    private record LossAndGradient(double loss, NDList gradient) {}

    private final Objective objective;
    private final Batch batch;
    private final NDManager manager;
    private final NDManager internal;
    private final Options options;
    private final NDList point;
    private final DataType pointType;
    private final long dimension;
    private final double pointNorm;

    private DataType computeType;
    private NDList computePoint;
    private Batch computeBatch;
    private double loss;
    private NDList computeGradient;
    private long gradientEvaluations;

    /**
     * An oracle with default {@link Options}.
     *
     * @param objective the loss
     * @param theta the point; copied and detached, never modified
     * @param batch the data every evaluation uses (may be {@link Batch#empty()})
     * @param manager owns every returned array and the oracle's state; the caller closes it
     */
    public ObjectiveCurvatureOracle(Objective objective, NDList theta, Batch batch, NDManager manager) {
        this(objective, theta, batch, manager, Options.defaults());
    }

    /** As {@link #ObjectiveCurvatureOracle(Objective, NDList, Batch, NDManager)} with options. */
    public ObjectiveCurvatureOracle(
            Objective objective, NDList theta, Batch batch, NDManager manager, Options options) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.batch = batch == null ? Batch.empty() : batch;
        this.manager = Objects.requireNonNull(manager, "manager");
        this.options = Objects.requireNonNull(options, "options");
        if (theta == null || theta.isEmpty()) {
            throw new IllegalArgumentException("theta must hold at least one array");
        }
        this.internal = manager.newSubManager();
        this.pointType = theta.get(0).getDataType();
        if (!pointType.isFloating()) {
            throw new IllegalArgumentException("theta must be floating point, got " + pointType);
        }
        this.point = FlatVectors.convert(internal, theta, pointType);
        long n = 0;
        for (NDArray x : point) {
            n += x.size();
        }
        this.dimension = n;
        this.pointNorm = FlatVectors.norm(point);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDList point() {
        return point;
    }

    @Override
    public long dimension() {
        return dimension;
    }

    /** The data type evaluations run in (decided on first use). */
    public DataType computeType() {
        initialize();
        return computeType;
    }

    /** How many loss-and-gradient evaluations (forward + backward passes) this oracle has run. */
    public long gradientEvaluations() {
        return gradientEvaluations;
    }

    @Override
    public double loss() {
        initialize();
        return loss;
    }

    @Override
    public NDList gradient() {
        initialize();
        return FlatVectors.convert(manager, computeGradient, pointType);
    }

    @Override
    public double lossAt(NDList theta) {
        initialize();
        try (NDManager scope = internal.newSubManager()) {
            NDList x = FlatVectors.convert(scope, theta, computeType);
            NDArray value = objective.loss(x, scopedBatch(computeBatch, scope));
            value.attach(scope);
            return scalar(value);
        }
    }

    @Override
    public NDList gradientAt(NDList theta) {
        initialize();
        try (NDManager scope = internal.newSubManager()) {
            NDList x = FlatVectors.convert(scope, theta, computeType);
            NDList g = evaluate(x, scope).gradient();
            return FlatVectors.convert(manager, g, pointType);
        }
    }

    @Override
    public NDList hessianVectorProduct(NDList v) {
        initialize();
        try (NDManager scope = internal.newSubManager()) {
            NDList hv = hessianVectorCompute(v, scope);
            return FlatVectors.convert(manager, hv, pointType);
        }
    }

    @Override
    public Directional directional(NDList v, double relativeStep) {
        initialize();
        try (NDManager scope = internal.newSubManager()) {
            NDList vc = FlatVectors.convert(scope, v, computeType);
            double vNorm = FlatVectors.norm(vc);
            if (vNorm == 0 || !Double.isFinite(vNorm)) {
                return new Directional(
                        0, FlatVectors.zerosLike(manager, point), FlatVectors.zerosLike(manager, point));
            }
            double delta = relativeStep > 0 ? relativeStep : FiniteDifferenceSteps.thirdOrder(computeType);
            double t = delta * (1 + pointNorm);
            NDList gPlus = evaluate(FlatVectors.combine(scope, 1, computePoint, t / vNorm, vc), scope).gradient();
            NDList gMinus = evaluate(FlatVectors.combine(scope, 1, computePoint, -t / vNorm, vc), scope).gradient();
            NDList hv;
            if (computeType == DataType.FLOAT64 && options.hessianVectorStep() == 0) {
                // In float64 one pair serves both: the ε^{1/4} step costs the product only O(t²) ≈ 1e-8.
                hv = FlatVectors.combine(scope, vNorm / (2 * t), gPlus, -vNorm / (2 * t), gMinus);
            } else {
                hv = hessianVectorCompute(vc, scope);
            }
            NDList sum = FlatVectors.combine(scope, 1, gPlus, 1, gMinus);
            FlatVectors.addScaledInPlace(sum, -2, computeGradient);
            NDList third = FlatVectors.scale(scope, vNorm * vNorm / (t * t), sum);
            double curvature = FlatVectors.dot(vc, hv);
            return new Directional(
                    curvature,
                    FlatVectors.convert(manager, hv, pointType),
                    FlatVectors.convert(manager, third, pointType));
        }
    }

    /** ∇²L·v in the compute type, attached to {@code scope}. */
    private NDList hessianVectorCompute(NDList v, NDManager scope) {
        NDList vc = FlatVectors.convert(scope, v, computeType);
        double vNorm = FlatVectors.norm(vc);
        if (vNorm == 0 || !Double.isFinite(vNorm)) {
            return FlatVectors.zerosLike(scope, computePoint);
        }
        double delta = options.hessianVectorStep() > 0
                ? options.hessianVectorStep()
                : FiniteDifferenceSteps.hessianVector(computeType);
        double t = delta * (1 + pointNorm);
        NDList gPlus = evaluate(FlatVectors.combine(scope, 1, computePoint, t / vNorm, vc), scope).gradient();
        NDList gMinus = evaluate(FlatVectors.combine(scope, 1, computePoint, -t / vNorm, vc), scope).gradient();
        return FlatVectors.combine(scope, vNorm / (2 * t), gPlus, -vNorm / (2 * t), gMinus);
    }

    /** Decides the compute type and evaluates L and ∇L at θ, once. */
    private void initialize() {
        if (computeType != null) {
            return;
        }
        boolean tryDouble = options.precision() != Precision.NATIVE && pointType != DataType.FLOAT64;
        if (tryDouble) {
            NDManager attempt = internal.newSubManager();
            try {
                NDList x = FlatVectors.convert(attempt, point, DataType.FLOAT64);
                Batch b = convertBatch(attempt, DataType.FLOAT64);
                LossAndGradient lg = evaluateWith(x, b, attempt, DataType.FLOAT64);
                adopt(DataType.FLOAT64, x, b, lg);
                return;
            } catch (RuntimeException e) {
                attempt.close();
                if (options.precision() == Precision.FLOAT64) {
                    throw new IllegalStateException("objective " + objective.getClass().getName()
                            + " does not evaluate in float64: " + e.getMessage(), e);
                }
                LOG.debug("objective {} does not evaluate in float64 ({}); using {}",
                        objective.getClass().getName(), e.getMessage(), pointType);
            }
        }
        NDList x = FlatVectors.convert(internal, point, pointType);
        Batch b = convertBatch(internal, pointType);
        adopt(pointType, x, b, evaluateWith(x, b, internal, pointType));
    }

    private void adopt(DataType type, NDList x, Batch b, LossAndGradient lg) {
        computeType = type;
        computePoint = x;
        computeBatch = b;
        loss = lg.loss();
        computeGradient = lg.gradient();
    }

    private Batch convertBatch(NDManager target, DataType type) {
        NDArray inputs = batch.inputs();
        if (inputs == null || !inputs.getDataType().isFloating() || inputs.getDataType() == type) {
            return new Batch(inputs, batch.labels());
        }
        NDArray converted = inputs.toType(type, true);
        converted.attach(target);
        return new Batch(converted, batch.labels());
    }

    private LossAndGradient evaluate(NDList x, NDManager target) {
        return evaluateWith(x, computeBatch, target, computeType);
    }

    /**
     * L and ∇L at {@code x}; the gradient is attached to {@code target}, every temporary is closed.
     *
     * @throws IllegalStateException when {@code expected} is float64 and the loss is not
     */
    private LossAndGradient evaluateWith(NDList x, Batch b, NDManager target, DataType expected) {
        try (NDManager scope = internal.newSubManager()) {
            NDList leaf = new NDList(x.size());
            for (NDArray a : x) {
                NDArray l = a.duplicate();
                l.attach(scope);
                l.setRequiresGradient(true);
                leaf.add(l);
            }
            double value;
            GradientCollector outer = options.collector();
            Batch scoped = scopedBatch(b, scope);
            if (outer != null) {
                value = lossAndBackward(outer, leaf, scoped, scope, expected);
            } else {
                try (GradientCollector own = openCollector()) {
                    value = lossAndBackward(own, leaf, scoped, scope, expected);
                }
            }
            gradientEvaluations++;
            NDList gradient = new NDList(leaf.size());
            for (NDArray l : leaf) {
                NDArray g = l.getGradient();
                g.attach(scope);
                NDArray copy = g.duplicate();
                copy.attach(target);
                gradient.add(copy);
            }
            return new LossAndGradient(value, gradient);
        }
    }

    /**
     * The batch as fresh handles (sharing storage) owned by {@code scope}. DJL attaches the result
     * of {@code a.op(b)} to a's manager, so an objective that computes {@code inputs.matMul(w)}
     * would otherwise leave every intermediate, graph included, on the batch's long-lived manager.
     */
    private static Batch scopedBatch(Batch b, NDManager scope) {
        return new Batch(handle(b.inputs(), scope), handle(b.labels(), scope));
    }

    private static NDArray handle(NDArray a, NDManager scope) {
        if (a == null) {
            return null;
        }
        NDArray h = a.stopGradient();
        h.attach(scope);
        return h;
    }

    private double lossAndBackward(
            GradientCollector collector, NDList leaf, Batch b, NDManager scope, DataType expected) {
        NDArray value = objective.loss(leaf, b);
        value.attach(scope);
        if (expected == DataType.FLOAT64 && value.getDataType() != expected) {
            throw new IllegalStateException("the loss came out as " + value.getDataType() + ", not " + expected);
        }
        double v = scalar(value);
        collector.backward(value);
        return v;
    }

    private GradientCollector openCollector() {
        try {
            return manager.getEngine().newGradientCollector();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("ObjectiveCurvatureOracle computes gradients with its own "
                    + "GradientCollector, but another one is open and DJL allows one at a time: call the "
                    + "oracle after closing it, or pass the open collector in Options.withCollector(...)", e);
        }
    }

    private static double scalar(NDArray value) {
        if (value.size() != 1) {
            throw new IllegalStateException("the objective's loss must be a scalar, got shape " + value.getShape());
        }
        try (NDArray d = value.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray()[0];
        }
    }
}
