package org.l2o.optimizers.meta;

import java.nio.file.Path;

/** Observes a {@link MetaTrainingRun}; called on the training thread. */
public interface MetaTrainingListener {

    /** After each epoch. */
    default void epochDone(EpochResult result, int totalEpochs) {}

    /** After each validation. */
    default void validated(ValidationResult result) {}

    /** When the curriculum moves to another stage (after restoring the best φ). */
    default void stageStarted(int stage, int horizon) {}

    /** After a checkpoint was written. */
    default void checkpointed(long nextEpoch, Path dir) {}
}
