package org.l2o.optimizees.data;

import java.io.IOException;
import java.util.List;
import org.l2o.api.DataSplits;
import org.l2o.api.Dataset;
import org.l2o.api.DatasetOptions;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.LabeledData;

/**
 * What the image datasets share: the hyperparameters {@code normalize}, {@code train-size},
 * {@code test-size} and {@code shuffle}, and the path from raw 8-bit pixels to normalized
 * {@link DataSplits}. Subclasses only read files.
 */
public abstract class ImageDataset implements Dataset {

    static final HyperParameter<String> NORMALIZE = HyperParameter.ofString("normalize", "unit",
            "pixel scaling: none (raw 0..255), unit (divided by 255, in [0,1]) or standardize "
            + "(zero mean, unit variance per channel, statistics of the training split)");
    static final HyperParameter<Integer> TRAIN_SIZE = HyperParameter.ofInt("train-size", 0, 0, Integer.MAX_VALUE,
            "keep at most this many training samples (0 = all), for speed");
    static final HyperParameter<Integer> TEST_SIZE = HyperParameter.ofInt("test-size", 0, 0, Integer.MAX_VALUE,
            "keep at most this many test samples (0 = all), for speed");
    static final HyperParameter<Boolean> SHUFFLE = HyperParameter.ofBoolean("shuffle", false,
            "permute each split with the run's seed before the size caps (a seeded random subset); "
            + "false keeps file order");

    /** Mixes the seed for the test split so that it is not the train split's permutation. */
    private static final long TEST_SEED_MIX = 0x9E3779B97F4A7C15L;

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(NORMALIZE, TRAIN_SIZE, TEST_SIZE, SHUFFLE);
    }

    @Override
    public final DataSplits load(HyperParameters hp, DatasetOptions options) throws IOException {
        // Check the cheap settings before any file is read.
        Normalization normalization = Normalization.parse(hp.getString(NORMALIZE.name()), name(),
                Normalization.values());
        boolean shuffle = hp.getBoolean(SHUFFLE.name());
        Selection train = new Selection(hp.getInt(TRAIN_SIZE.name()), shuffle, options.seed());
        Selection test = new Selection(hp.getInt(TEST_SIZE.name()), shuffle, options.seed() ^ TEST_SEED_MIX);
        RawImages[] raw = read(hp, options, train, test);
        LabeledData[] data = RawImages.normalize(raw[0], raw[1], normalization);
        return new DataSplits(name(), data[0], data[1]);
    }

    /**
     * Reads the train and test images, each reduced and ordered by its selection.
     *
     * @param hp all hyperparameter values, including any the subclass declares itself
     * @return {train, test}
     */
    protected abstract RawImages[] read(HyperParameters hp, DatasetOptions options, Selection train, Selection test)
            throws IOException;
}
