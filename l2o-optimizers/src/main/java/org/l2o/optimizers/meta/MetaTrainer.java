package org.l2o.optimizers.meta;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.l2o.api.Batch;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.NDLists;
import org.l2o.api.Objective;
import org.l2o.api.RegularizerTerm;
import org.l2o.api.SplitEvaluation;
import org.l2o.optimizers.learned.FlatLayout;
import org.l2o.optimizers.learned.LearnedNetwork;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe;
import org.l2o.optimizers.learned.Scalars;

/**
 * Meta-trains a learned optimizer by truncated back-propagation through unrolled optimization
 * (Andrychowicz et al. 2016, §2), one epoch at a time: each epoch draws a fresh optimizee and a
 * fresh optimizer state, runs {@code horizon} optimizee steps with a fresh minibatch each, and
 * takes one meta-gradient step per unroll.
 *
 * <p>The meta-gradient is first-order unless {@link #secondDerivatives} asks for the exact one
 * ({@link MetaTrainingRun} chooses per architecture, see
 * {@link org.l2o.optimizers.learned.LearnedOptimizer#defaultMetaGradient()}). First order, as in
 * L2O-DM: gradients fed to the optimizer are constants. Under that assumption the gradient of Σ_t w_t·L(θ_t(φ)) with respect to φ equals the
 * gradient of the surrogate Σ_t w_t·⟨stopgrad(∇L(θ_t)), θ_t(φ)⟩, so each step needs one
 * optimizee forward/backward on a detached leaf copy of θ_t, while only the optimizer's own
 * operations (and θ_t = θ_{t−1} + Δ_{t−1}) are recorded in the meta-graph. The weights are
 * w_t = 1 for the sum of losses and w_t = 1/(T·L(θ_t)) for the mean log relative loss (whose
 * derivative is ∇L/(T·L)).
 *
 * <p>Regularizer hook (Yang et al., AISTATS 2023, eq. 3–4): with a {@link RegularizerTerm} and
 * λ, the term is evaluated at the end of each unroll through a {@link CurvatureOracle} at θ_T
 * and λ·⟨stopgrad(∇R(θ_T)), θ_T(φ)⟩ is added to the surrogate (with second derivatives,
 * λ·∇R(θ_T) to the final adjoint), so R reaches φ only through θ_T.
 *
 * <p>Imitation epochs (Chen et al. 2020, "Training Stronger Baselines for Learning to
 * Optimize"): the meta-loss is the mean squared difference between the learned update and an
 * Adam teacher's update on the same gradients, along the learned optimizer's own trajectory.
 *
 * <p>A meta-gradient that is not finite is skipped and counted; a finite one is clipped to the
 * recipe's global norm and applied by the {@link MetaOptimizer}. An epoch whose optimizee loss
 * becomes non-finite stops early and is marked diverged.
 *
 * <p>Lifecycle: build, optionally set a regularizer, call {@link #trainEpoch} for each epoch from
 * one thread. All randomness of an epoch derives from (seed, epoch) via {@link Seeds}, so the
 * meta-parameters and meta-optimizer state fully determine the run's continuation.
 */
public final class MetaTrainer {

    /** Learning rate of the imitation teacher (Adam), as in Chen et al. 2020. */
    public static final double DEFAULT_TEACHER_LR = 0.01;

    /** Coordinates a tensor keeps at least when the meta-gradient is sampled (all of a smaller one). */
    public static final int DEFAULT_SAMPLE_MINIMUM = 256;

    private final LearnedNetwork network;
    private final MetaParameters phi;
    private final MetaOptimizer metaOptimizer;
    private final TaskSampler tasks;
    private final MetaRecipe recipe;
    private final long seed;
    private double teacherLearningRate = DEFAULT_TEACHER_LR;
    private RegularizerTerm regularizer;
    private double lambda;
    private CurvatureOracleFactory oracles;
    private List<float[]> lastMetaGradient = List.of();
    private double sampleFraction = 1;
    private int sampleMinimum = DEFAULT_SAMPLE_MINIMUM;
    private boolean secondDerivatives;

    /**
     * @param network the architecture
     * @param phi the meta-parameters, updated in place
     * @param metaOptimizer updates φ
     * @param tasks draws the training optimizees
     * @param recipe unroll length, steps per epoch, meta-loss, clipping
     * @param seed the run's seed
     */
    public MetaTrainer(LearnedNetwork network, MetaParameters phi, MetaOptimizer metaOptimizer, TaskSampler tasks,
            MetaRecipe recipe, long seed) {
        if (!phi.specs().equals(network.parameterSpecs())) {
            throw new IllegalArgumentException("meta-parameters do not fit " + network.architecture());
        }
        this.network = network;
        this.phi = phi;
        this.metaOptimizer = metaOptimizer;
        this.tasks = tasks;
        this.recipe = recipe;
        this.seed = seed;
    }

    /**
     * Adds λ·R(θ_T) to the meta-objective.
     *
     * @param term the penalty
     * @param lambdaValue its weight λ ≥ 0
     * @param oracleFactory builds the oracle R is evaluated through
     */
    public MetaTrainer regularizer(RegularizerTerm term, double lambdaValue, CurvatureOracleFactory oracleFactory) {
        if (!(lambdaValue >= 0) || Double.isInfinite(lambdaValue)) {
            throw new IllegalArgumentException("lambda must be a finite value >= 0, got " + lambdaValue);
        }
        this.regularizer = term;
        this.lambda = lambdaValue;
        this.oracles = oracleFactory;
        return this;
    }

    /** Sets the imitation teacher's (Adam) learning rate. */
    public MetaTrainer teacherLearningRate(double lr) {
        this.teacherLearningRate = lr;
        return this;
    }

    /**
     * Estimates each meta-gradient from a stratified random sample of the optimizee's coordinates
     * (a fresh sample every epoch), for a {@link LearnedNetwork#coordinatewise() coordinatewise}
     * network: unbiased, see {@link CoordinateSample}; the other coordinates take their steps
     * without autograd. Not part of the reference recipes, which use every coordinate (fraction 1).
     *
     * @param fraction share of each tensor's coordinates, in (0, 1]; 1 = every coordinate, exact
     * @param minimumPerTensor coordinates kept per tensor at least (all of a smaller tensor)
     */
    public MetaTrainer coordinateSample(double fraction, int minimumPerTensor) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("meta-gradient sample fraction must be in (0, 1], got " + fraction);
        }
        if (minimumPerTensor < 0) {
            throw new IllegalArgumentException("minimum coordinates per tensor must be >= 0, got " + minimumPerTensor);
        }
        if (fraction < 1 && !network.coordinatewise()) {
            throw new IllegalArgumentException(network.architecture()
                    + " is not coordinatewise, so its meta-gradient cannot be estimated from a sample of coordinates");
        }
        if (secondDerivatives && fraction < 1) {
            throw new IllegalArgumentException("a meta-gradient sample is not combined with second derivatives");
        }
        this.sampleFraction = fraction;
        this.sampleMinimum = minimumPerTensor;
        return this;
    }

    /**
     * Meta-gradients with second derivatives (the reference L2O-DM code's {@code second_derivatives}
     * option): the gradients fed to the optimizer are functions of θ_t, not constants, so the
     * meta-gradient is the exact gradient of the unroll's meta-loss (within the truncation) rather
     * than its first-order approximation. Imitation epochs are unaffected (their loss does not go
     * through θ). Needs a network with a {@link LearnedNetwork#restorableState() restorable state};
     * not combined with a coordinate sample (an estimator of the first-order meta-gradient).
     */
    public MetaTrainer secondDerivatives(boolean on) {
        if (on && !network.restorableState()) {
            throw new IllegalArgumentException(network.architecture()
                    + " cannot re-run a step from a saved state, which second derivatives need");
        }
        if (on && sampleFraction < 1) {
            throw new IllegalArgumentException("second derivatives are not combined with a meta-gradient sample");
        }
        this.secondDerivatives = on;
        return this;
    }

    /** The meta-gradient of the last unroll before clipping, per tensor of φ (for tests and diagnostics). */
    public List<float[]> lastMetaGradient() {
        return lastMetaGradient;
    }

    public MetaParameters parameters() {
        return phi;
    }

    public MetaOptimizer metaOptimizer() {
        return metaOptimizer;
    }

    public LearnedNetwork network() {
        return network;
    }

    public MetaRecipe recipe() {
        return recipe;
    }

    /** The recipe's number of steps per epoch, for an epoch without a curriculum. */
    public EpochResult trainEpoch(long epoch) {
        return trainEpoch(epoch, 0, recipe.stepsPerEpoch(), false);
    }

    /**
     * Runs one epoch.
     *
     * @param epoch the epoch index; with the run seed it fixes every random choice
     * @param stage the curriculum stage, for the record
     * @param horizon optimizee steps in the epoch
     * @param imitation whether to imitate the Adam teacher instead of minimizing the loss
     */
    public EpochResult trainEpoch(long epoch, int stage, int horizon, boolean imitation) {
        long start = System.nanoTime();
        long epochSeed = Seeds.mix(seed, epoch);
        SplittableRandom unrollRandom = new SplittableRandom(Seeds.mix(epochSeed, 1));
        Random regularizerRandom = new Random(Seeds.mix(epochSeed, 2));
        Engine engine = Engine.getInstance();
        double metaLossSum = 0;
        double lossSum = 0;
        double regSum = 0;
        double gradNormSum = 0;
        int unrolls = 0;
        int metaSteps = 0;
        int skipped = 0;
        int regCount = 0;
        int steps = 0;
        boolean diverged = false;
        double finalLoss;
        try (NDManager epochManager = NDManager.newBaseManager();
                Task task = tasks.sample(epochManager, Seeds.mix(epochSeed, 3))) {
            Objective objective = task.objective();
            FlatLayout layout = FlatLayout.of(task.initialParameters());
            NDArray theta = layout.flatten(task.initialParameters(), epochManager).duplicate();
            // with a coordinate sample, theta holds the sampled rows (tracked) and others the rest
            CoordinateSample sample = sampleFraction < 1
                    ? CoordinateSample.draw(layout.shapes(), sampleFraction, sampleMinimum,
                            new SplittableRandom(Seeds.mix(epochSeed, 4)), epochManager)
                    : null;
            NDArray others = null;
            LearnedNetwork.State otherState = null;
            if (sample != null) {
                others = sample.otherRows(theta);
                theta = sample.sampledRows(theta);
                if (sample.others() > 0) {
                    otherState = network.initialState(epochManager, List.of(new Shape(sample.others())));
                }
            }
            long rows = sample == null ? layout.size() : sample.sampled();
            LearnedNetwork.State state = network.initialState(epochManager,
                    sample == null ? layout.shapes() : List.of(new Shape(rows)));
            Teacher teacher = imitation ? new Teacher(epochManager, rows, teacherLearningRate) : null;
            Eval current;
            try (Batch batch = task.nextBatch(epochManager);
                    GradientCollector collector = engine.newGradientCollector()) {
                current = lossAndGradient(objective, layout, full(sample, theta, others), batch, collector);
            }
            double initialLoss = current.loss;
            finalLoss = initialLoss;
            if (!Double.isFinite(initialLoss)) {
                throw new IllegalStateException("the optimizee's initial loss is " + initialLoss);
            }
            while (steps < horizon && !diverged) {
                int length = Math.min(unrollLength(unrollRandom), horizon - steps);
                try (NDManager unroll = epochManager.newSubManager()) {
                    NDList phiArrays = phi.toNDList(unroll, true);
                    NDList phiConstant = otherState == null ? null : phi.toNDList(unroll, false);
                    state.detach(unroll);
                    theta = cut(theta, unroll);
                    current = current.moveTo(unroll);
                    if (teacher != null) {
                        teacher.moveTo(unroll);
                    }
                    NDArray surrogate = null;
                    double metaLoss = 0;
                    List<float[]> grads = null;
                    if (secondDerivatives && teacher == null) {
                        Unrolled u = secondOrderUnroll(task, layout, state, theta, current, length, initialLoss,
                                unroll, engine, regularizerRandom);
                        grads = u.gradient();
                        if (u.regularizer() != null) {
                            regSum += u.regularizer();
                            regCount++;
                        }
                        metaLoss = u.metaLoss();
                        theta = u.theta();
                        current = u.current();
                        for (double loss : u.losses()) {
                            steps++;
                            lossSum += loss;
                            finalLoss = loss;
                        }
                        diverged = u.diverged();
                    }
                    for (int t = 0; grads == null && t < length; t++) {
                        Eval next;
                        NDArray term;
                        NDArray gradient = sample == null ? current.gradient : sample.sampledRows(current.gradient);
                        if (otherState != null) {
                            // the coordinates outside the sample step too, untracked and in place; a manager per
                            // step lets their temporaries be freed at once instead of piling up over the unroll
                            try (NDManager step = unroll.newSubManager()) {
                                NDArray otherGradient = sample.otherRows(current.gradient);
                                otherGradient.attach(step);
                                others.addi(network.step(phiConstant, otherState, otherGradient, current.loss,
                                        LearnedNetwork.Mode.INFERENCE));
                            }
                        }
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray delta = network.step(phiArrays, state, gradient, current.loss,
                                    LearnedNetwork.Mode.TRAINING);
                            if (teacher != null) {
                                NDArray target = teacher.step(gradient);
                                NDArray diff = delta.sub(target);
                                NDArray squared = diff.mul(diff);
                                term = sample == null ? squared.mean()
                                        : squared.mul(sample.weights()).sum().mul(Scalars.of(unroll, 1.0 / layout.size()));
                                metaLoss += term.toFloatArray()[0];
                            } else {
                                term = null;
                            }
                            theta = theta.add(delta);
                            try (Batch batch = task.nextBatch(unroll)) {
                                next = lossAndGradient(objective, layout, full(sample, theta, others), batch, collector);
                            }
                            if (teacher == null) {
                                double w = weight(next.loss, length);
                                // scale the constant first: see Scalars on scalar operands in the graph
                                term = constantFactor(sample, next.gradient).mul(w).mul(theta).sum();
                                metaLoss += metaLossTerm(next.loss, initialLoss, length);
                            }
                            surrogate = surrogate == null ? term : surrogate.add(term);
                        }
                        current = next;
                        steps++;
                        lossSum += next.loss;
                        finalLoss = next.loss;
                        if (!Double.isFinite(next.loss)) {
                            diverged = true;
                            break;
                        }
                    }
                    if (regularizer != null && !diverged && grads == null) {
                        Regularized r = evaluateRegularizer(task, layout, full(sample, theta, others), unroll,
                                regularizerRandom);
                        // λ⟨stopgrad(∇R(θ_T)), θ_T(φ)⟩ on the tracked coordinates
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray term = constantFactor(sample, r.gradient()).mul(lambda).mul(theta).sum();
                            surrogate = surrogate == null ? term : surrogate.add(term);
                        }
                        regSum += r.value();
                        regCount++;
                    }
                    if (grads == null) {
                        grads = metaGradient(phiArrays, surrogate, engine);
                    }
                    lastMetaGradient = grads.stream().map(float[]::clone).toList();
                    double norm = norm(grads);
                    if (!Double.isFinite(norm)) {
                        skipped++;
                    } else {
                        gradNormSum += norm;
                        if (norm > recipe.clipNorm()) {
                            scale(grads, recipe.clipNorm() / norm);
                        }
                        metaOptimizer.step(phi, grads);
                        metaSteps++;
                    }
                    metaLossSum += metaLoss;
                    unrolls++;
                    state.detach(epochManager);
                    theta = cut(theta, epochManager);
                    current = current.moveTo(epochManager);
                    if (teacher != null) {
                        teacher.moveTo(epochManager);
                    }
                }
            }
            state.close();
            if (otherState != null) {
                otherState.close();
            }
        }
        return new EpochResult(epoch, stage, horizon, imitation, unrolls == 0 ? Double.NaN : metaLossSum / unrolls,
                steps == 0 ? Double.NaN : lossSum / steps, finalLoss, regCount == 0 ? Double.NaN : regSum / regCount,
                metaSteps == 0 ? Double.NaN : gradNormSum / metaSteps, metaSteps, skipped, diverged,
                (System.nanoTime() - start) / 1e9, -1, -1);
    }

    /** R(θ_T) and ∇R(θ_T) (owned by the unroll's manager). */
    private record Regularized(double value, NDArray gradient) {}

    /**
     * Evaluates R at θ_T with no collector open, so the oracle may open one.
     *
     * @param point θ_T, all coordinates in layout order
     */
    private Regularized evaluateRegularizer(Task task, FlatLayout layout, NDArray point, NDManager unroll,
            Random random) {
        try (NDManager oracleManager = unroll.newSubManager()) {
            NDArray detached = point.stopGradient().duplicate();
            detached.attach(oracleManager);
            NDList params = layout.unflatten(detached);
            try (Batch batch = task.nextBatch(oracleManager)) {
                CurvatureOracle oracle = oracles.create(task.objective(), params, batch, oracleManager);
                RegularizerTerm.Value value = regularizer.evaluate(oracle, random);
                NDArray gradR = layout.flatten(value.gradient(), unroll).duplicate();
                gradR.attach(unroll);
                return new Regularized(value.value(), gradR);
            }
        }
    }

    /** θ in layout order from its tracked part (every coordinate, or the sample's) and the others. */
    private static NDArray full(CoordinateSample sample, NDArray tracked, NDArray others) {
        return sample == null ? tracked : sample.assemble(tracked.stopGradient(), others);
    }

    /** The factor a constant column (a gradient) contributes to the surrogate: its tracked rows, weighted. */
    private static NDArray constantFactor(CoordinateSample sample, NDArray column) {
        return sample == null ? column : sample.sampledRows(column).mul(sample.weights());
    }

    private List<float[]> metaGradient(NDList phiArrays, NDArray surrogate, Engine engine) {
        List<float[]> grads = new ArrayList<>();
        if (surrogate != null) {
            try (GradientCollector collector = engine.newGradientCollector()) {
                collector.backward(surrogate);
            }
        }
        for (NDArray p : phiArrays) {
            grads.add(gradientOrZeros(p).toFloatArray());
        }
        return grads;
    }

    /**
     * What one unroll with second derivatives leaves.
     *
     * @param gradient the meta-gradient per tensor of φ (NaN where the run diverged, so it is skipped)
     * @param metaLoss the unroll's meta-loss
     * @param theta θ after the unroll
     * @param current loss and gradient there
     * @param losses the minibatch loss after each step taken
     * @param diverged whether a loss became non-finite
     * @param regularizer R(θ_T), or null without a regularizer or after a divergence
     */
    private record Unrolled(List<float[]> gradient, double metaLoss, NDArray theta, Eval current, double[] losses,
            boolean diverged, Double regularizer) {}

    /**
     * One unroll with the exact meta-gradient of M = Σ_t w_t·L_t(θ_t) within the truncation. A forward
     * sweep runs the optimizer without autograd and keeps θ_t, g_t = ∇L_t(θ_t), the state and the
     * minibatch of every step. The reverse sweep carries the adjoint a_t = ∂M/∂θ_t and the state's
     * adjoint: step t is re-run from its saved state with the state and g_t as autograd leaves, and
     * one backward of ⟨Δ_t, a_{t+1}⟩ + ⟨s_{t+1}, ∂M/∂s_{t+1}⟩ gives its share of ∂M/∂φ, ∂M/∂s_t and
     * μ_t = ∂M/∂g_t. Then a_t = a_{t+1} + w_t·g_t + H_t·μ_t, where H_t·μ_t, the term the first-order
     * recipe drops, is a central difference of gradients on step t's minibatch. A regularizer adds
     * λ·∇R(θ_T) to the final adjoint a_T, so R reaches φ through θ_T along every path. Cost over the
     * first-order unroll: one more network forward per step and two optimizee gradients.
     */
    private Unrolled secondOrderUnroll(Task task, FlatLayout layout, LearnedNetwork.State state, NDArray theta0,
            Eval start, int length, double initialLoss, NDManager unroll, Engine engine, Random regularizerRandom) {
        Objective objective = task.objective();
        NDList phiConstant = phi.toNDList(unroll, false);
        NDArray[] thetas = new NDArray[length + 1];
        Eval[] evals = new Eval[length + 1];
        Batch[] batches = new Batch[length + 1];
        NDList[] states = new NDList[length];
        double[] losses = new double[length];
        thetas[0] = theta0;
        evals[0] = start;
        double metaLoss = 0;
        int taken = 0;
        boolean diverged = false;
        while (taken < length && !diverged) {
            int t = taken;
            states[t] = NDLists.copy(unroll, state.arrays());
            try (NDManager step = unroll.newSubManager()) {
                NDArray g = evals[t].gradient().duplicate();
                g.attach(step);
                NDArray delta = network.step(phiConstant, state, g, evals[t].loss(), LearnedNetwork.Mode.INFERENCE);
                thetas[t + 1] = thetas[t].add(delta);
                thetas[t + 1].attach(unroll);
            }
            batches[t + 1] = task.nextBatch(unroll);
            try (GradientCollector collector = engine.newGradientCollector()) {
                evals[t + 1] = lossAndGradient(objective, layout, thetas[t + 1], batches[t + 1], collector);
            }
            double loss = evals[t + 1].loss;
            losses[t] = loss;
            metaLoss += metaLossTerm(loss, initialLoss, length);
            diverged = !Double.isFinite(loss);
            taken++;
        }
        int n = taken;
        List<float[]> gradient = new ArrayList<>();
        for (MetaParameters.Spec spec : phi.specs()) {
            gradient.add(new float[spec.size()]);
        }
        Double regularizerValue = null;
        if (diverged) {
            gradient.forEach(g -> Arrays.fill(g, Float.NaN));
        } else {
            NDArray adjoint = evals[n].gradient().mul(weight(evals[n].loss, length));
            if (regularizer != null) {
                Regularized r = evaluateRegularizer(task, layout, thetas[n], unroll, regularizerRandom);
                regularizerValue = r.value();
                adjoint = adjoint.add(r.gradient().mul(lambda));
            }
            NDList stateAdjoint = null;
            for (int t = n - 1; t >= 0; t--) {
                NDArray mu;
                try (NDManager step = unroll.newSubManager()) {
                    NDList phiLeaves = phi.toNDList(step, true);
                    NDList leaves = NDLists.copy(step, states[t]);
                    leaves.forEach(a -> a.setRequiresGradient(true));
                    LearnedNetwork.State rerun = network.initialState(step, layout.shapes());
                    rerun.load(leaves);
                    NDArray g = evals[t].gradient().duplicate();
                    g.attach(step);
                    g.setRequiresGradient(true);
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray delta = network.step(phiLeaves, rerun, g, evals[t].loss(), LearnedNetwork.Mode.TRAINING);
                        NDArray target = delta.mul(adjoint).sum();
                        if (stateAdjoint != null) {
                            NDList next = rerun.arrays();
                            for (int i = 0; i < next.size(); i++) {
                                target = target.add(next.get(i).mul(stateAdjoint.get(i)).sum());
                            }
                        }
                        collector.backward(target);
                    }
                    for (int i = 0; i < phiLeaves.size(); i++) {
                        float[] sum = gradient.get(i);
                        float[] part = gradientOrZeros(phiLeaves.get(i)).toFloatArray();
                        for (int j = 0; j < sum.length; j++) {
                            sum[j] += part[j];
                        }
                    }
                    NDList nextAdjoint = new NDList(leaves.size());
                    for (NDArray leaf : leaves) {
                        NDArray a = gradientOrZeros(leaf).duplicate();
                        a.attach(unroll);
                        nextAdjoint.add(a);
                    }
                    if (stateAdjoint != null) {
                        stateAdjoint.close();
                    }
                    stateAdjoint = nextAdjoint;
                    mu = gradientOrZeros(g).duplicate();
                    mu.attach(unroll);
                }
                if (t > 0) {
                    // θ_0 starts the unroll and is a constant: a_0 is not needed
                    NDArray hessianMu = hessianVector(objective, layout, thetas[t], batches[t], mu, unroll, engine);
                    adjoint = adjoint.add(evals[t].gradient().mul(weight(evals[t].loss, length))).add(hessianMu);
                }
            }
        }
        return new Unrolled(gradient, metaLoss, thetas[n], evals[n], Arrays.copyOf(losses, n), diverged,
                regularizerValue);
    }

    /** Relative size of the central-difference step of {@link #hessianVector}: ‖εv‖ = this × max(1, ‖θ‖). */
    private static final double FD_STEP = 1e-3;

    /** H(θ)·v on one minibatch as (∇L(θ + εv) − ∇L(θ − εv)) / 2ε; the result is owned by {@code target}. */
    private static NDArray hessianVector(Objective objective, FlatLayout layout, NDArray theta, Batch batch, NDArray v,
            NDManager target, Engine engine) {
        double vNorm = NDLists.norm(new NDList(v));
        if (vNorm == 0 || !Double.isFinite(vNorm)) {
            return vNorm == 0 ? v.zerosLike() : v.duplicate();
        }
        double thetaNorm = NDLists.norm(new NDList(theta));
        double eps = FD_STEP * Math.max(1, thetaNorm) / vNorm;
        try (NDManager m = target.newSubManager()) {
            NDArray base = theta.duplicate();
            base.attach(m);
            NDArray shift = v.duplicate();
            shift.attach(m);
            shift.muli(eps);
            Eval plus;
            Eval minus;
            try (GradientCollector collector = engine.newGradientCollector()) {
                plus = lossAndGradient(objective, layout, base.add(shift), batch, collector);
            }
            try (GradientCollector collector = engine.newGradientCollector()) {
                minus = lossAndGradient(objective, layout, base.sub(shift), batch, collector);
            }
            NDArray hv = plus.gradient.sub(minus.gradient).div(2 * eps);
            hv.attach(target);
            return hv;
        }
    }

    /** The autograd gradient of a leaf, or zeros where the target did not depend on it. */
    private static NDArray gradientOrZeros(NDArray leaf) {
        try {
            NDArray g = leaf.getGradient();
            return g == null ? leaf.zerosLike() : g;
        } catch (IllegalStateException | NullPointerException e) {
            return leaf.zerosLike();
        }
    }

    /** A step's share of the reported meta-loss: L for the sum, log(L/L_0)/T for the mean log relative loss. */
    private double metaLossTerm(double loss, double initialLoss, int length) {
        return recipe.metaLoss() == MetaRecipe.MetaLoss.SUM ? loss : Math.log(loss / initialLoss) / length;
    }

    private double weight(double loss, int length) {
        if (recipe.metaLoss() == MetaRecipe.MetaLoss.SUM) {
            return 1.0;
        }
        // d/dθ (1/T) log(L/L0) = ∇L / (T L); a loss at or below 0 has no log, floor it
        return 1.0 / (length * Math.max(loss, 1e-12));
    }

    /** Heavy-tailed lengths (Wichrowska et al. 2017): a Pareto(α = 2) with mean ≈ unroll, capped at 10×. */
    private int unrollLength(SplittableRandom random) {
        if (!recipe.heavyTailedUnrolls()) {
            return recipe.unroll();
        }
        double u = random.nextDouble();
        double x = recipe.unroll() / 2.0 / Math.sqrt(1 - u);
        return (int) Math.max(1, Math.min(10L * recipe.unroll(), Math.round(x)));
    }

    /** Loss and gradient at θ on a detached leaf copy; the gradient is a constant (N, 1) column. */
    static Eval lossAndGradient(Objective objective, FlatLayout layout, NDArray theta, Batch batch,
            GradientCollector collector) {
        NDArray leaf = theta.stopGradient();
        leaf.setRequiresGradient(true);
        NDList params = layout.unflatten(leaf);
        NDArray loss = objective.loss(params, batch);
        double value = SplitEvaluation.scalar(loss);
        collector.backward(loss);
        NDArray grad = leaf.getGradient();
        return new Eval(value, grad);
    }

    private static NDArray cut(NDArray a, NDManager target) {
        NDArray d = a.stopGradient();
        d.attach(target);
        if (d != a) {
            a.close();
        }
        return d;
    }

    private static double norm(List<float[]> grads) {
        double s = 0;
        for (float[] g : grads) {
            for (float x : g) {
                s += (double) x * x;
            }
        }
        return Math.sqrt(s);
    }

    private static void scale(List<float[]> grads, double factor) {
        for (float[] g : grads) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (g[i] * factor);
            }
        }
    }

    /** L(θ) and its constant gradient. */
    record Eval(double loss, NDArray gradient) {
        Eval moveTo(NDManager manager) {
            return new Eval(loss, cut(gradient, manager));
        }
    }

    /** Adam on the flat vector, the imitation teacher: Δ = −lr·m̂/(√v̂+ε). */
    private static final class Teacher {
        private final double lr;
        private NDArray m;
        private NDArray v;
        private int t;

        Teacher(NDManager manager, long n, double lr) {
            this.lr = lr;
            m = manager.zeros(new Shape(n, 1));
            v = manager.zeros(new Shape(n, 1));
        }

        NDArray step(NDArray g) {
            t++;
            m = m.mul(0.9).add(g.mul(0.1));
            v = v.mul(0.999).add(g.mul(g).mul(0.001));
            double b1 = 1 - Math.pow(0.9, t);
            double b2 = 1 - Math.pow(0.999, t);
            return m.div(b1).div(v.div(b2).sqrt().add(1e-8)).mul(-lr);
        }

        void moveTo(NDManager manager) {
            m = cut(m, manager);
            v = cut(v, manager);
        }
    }
}
