package org.l2o.optimizers.training;

/** Hears what a {@link TrainingHarness} run does, for progress displays and logs. Called from the training thread. */
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener NONE = new TrainingListener() {};

    /** A seed's run begins. */
    default void seedStarted(long seed, int steps) {}

    /** Step {@code step} (1-based) computed minibatch loss {@code loss} and applied its update. */
    default void stepDone(long seed, int step, double loss) {}

    /** An evaluation finished. */
    default void evaluated(long seed, EvalPoint point) {}

    /** A seed's run ended (finished or diverged). */
    default void seedFinished(SeedResult result) {}
}
