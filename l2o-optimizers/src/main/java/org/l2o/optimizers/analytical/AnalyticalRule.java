package org.l2o.optimizers.analytical;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.l2o.api.UpdateRule;

/**
 * Shared plumbing of the analytical update rules: the rule's own manager (a child of the
 * parameters' manager), layout checks, the step counter, and L2 weight decay folded into the
 * gradient ({@code g + wd·θ}, as PyTorch's {@code weight_decay}).
 *
 * <p>Lifecycle: created by an optimizer's {@code create}; {@link #step} once per iteration from
 * one thread; {@link #close} frees every state array. Subclasses update each parameter in place
 * with as few native calls as the arithmetic allows, because every DJL op is one JNI call and
 * the step of a small network is dominated by per-op overhead.
 */
abstract class AnalyticalRule implements UpdateRule {

    /** Owns the state arrays; closed with the rule. */
    protected final NDManager manager;
    private final Shape[] shapes;
    private final double weightDecay;
    private final NDArray weightDecayConstant;
    private final ai.djl.ndarray.types.DataType dataType;
    private long steps;
    private boolean closed;

    AnalyticalRule(String optimizer, NDList parameters, double weightDecay) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException(optimizer + ": the parameter list is empty");
        }
        this.manager = parameters.get(0).getManager().newSubManager();
        this.shapes = new Shape[parameters.size()];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = parameters.get(i).getShape();
        }
        this.weightDecay = weightDecay;
        this.dataType = parameters.get(0).getDataType();
        this.weightDecayConstant = weightDecay == 0 ? null : constant(weightDecay);
    }

    /**
     * A 0-dimensional constant of the parameters' type, owned by this rule. DJL turns every
     * {@code Number} operand into a new native scalar (create, use, free), so constants used on
     * every step are made once.
     */
    protected final NDArray constant(double value) {
        return manager.create((float) value).toType(dataType, false);
    }

    /** Zeros with the layout and type of a parameter, owned by this rule. */
    protected final NDArray zerosLike(NDArray parameter) {
        return manager.zeros(parameter.getShape(), parameter.getDataType());
    }

    /** Number of steps taken so far, counting the one in progress (1 during the first step). */
    protected final long stepCount() {
        return steps;
    }

    @Override
    public final void step(NDList parameters, NDList gradients, double loss) {
        if (closed) {
            throw new IllegalStateException("this update rule is closed");
        }
        if (parameters.size() != shapes.length || gradients.size() != shapes.length) {
            throw new IllegalArgumentException("expected " + shapes.length + " parameters and gradients, got "
                    + parameters.size() + " and " + gradients.size());
        }
        steps++;
        beforeStep();
        for (int i = 0; i < shapes.length; i++) {
            NDArray p = parameters.get(i);
            NDArray g = gradients.get(i);
            if (!p.getShape().equals(shapes[i]) || !g.getShape().equals(shapes[i])) {
                throw new IllegalArgumentException("parameter " + i + ": expected shape " + shapes[i]
                        + ", got parameter " + p.getShape() + " and gradient " + g.getShape());
            }
            if (weightDecay == 0) {
                update(i, p, g);
            } else {
                try (NDArray decayed = p.mul(weightDecayConstant)) {
                    decayed.addi(g);
                    update(i, p, decayed);
                }
            }
        }
    }

    /** Called once per step before the per-parameter updates (for step-dependent scalars). */
    protected void beforeStep() {}

    /**
     * Updates one parameter in place.
     *
     * @param index the parameter's position, for per-parameter state
     * @param parameter θ_i, updated in place
     * @param gradient the (weight-decayed) gradient; must not be modified, must not be kept
     */
    protected abstract void update(int index, NDArray parameter, NDArray gradient);

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
