package org.l2o.optimizers.meta;

import java.nio.file.Path;

/** Observes a {@link MetaTrainingRun}; called on the training thread. */
public interface MetaTrainingListener {

    /** Before the first epoch; with the history restored from a checkpoint when resuming (else empty). */
    default void started(java.util.List<EpochResult> history, java.util.List<ValidationResult> validations) {}

    /** When the best φ was restored after validations without improvement. */
    default void restored(long epoch, double metaLearningRate) {}

    /** After each epoch. */
    default void epochDone(EpochResult result, int totalEpochs) {}

    /** After each validation. */
    default void validated(ValidationResult result) {}

    /** When the curriculum moves to another stage (after restoring the best φ). */
    default void stageStarted(int stage, int horizon) {}

    /** After a checkpoint was written. */
    default void checkpointed(long nextEpoch, Path dir) {}
}
