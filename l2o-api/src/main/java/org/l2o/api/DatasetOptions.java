package org.l2o.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings shared by all datasets.
 *
 * @param dataDir the folder given by {@code --data-dir}, or empty for the dataset's default
 * @param seed the seed for generated data and random splits
 */
public record DatasetOptions(Optional<Path> dataDir, long seed) {

    /** The dataset's default location and seed 0. */
    public static DatasetOptions defaults() {
        return new DatasetOptions(Optional.empty(), 0L);
    }
}
