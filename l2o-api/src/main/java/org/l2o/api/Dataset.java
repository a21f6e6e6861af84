package org.l2o.api;

import java.io.IOException;

/**
 * A dataset plugin: loads a labelled train and test split.
 *
 * <p>Loaders validate what they read: a missing, truncated or malformed file is reported as a
 * {@link DatasetFormatException} (or {@link java.nio.file.NoSuchFileException}) that names the
 * file and what was wrong, never as a silently short dataset.
 */
public interface Dataset extends Plugin {

    /**
     * Loads both splits.
     *
     * @param hyperParameters values for {@link #hyperParameters()}
     * @param options where to read from and the seed for any random split or generation
     */
    DataSplits load(HyperParameters hyperParameters, DatasetOptions options) throws IOException;
}
