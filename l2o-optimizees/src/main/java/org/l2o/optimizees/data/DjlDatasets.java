package org.l2o.optimizees.data;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.dataset.SequenceSampler;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.l2o.api.Batch;
import org.l2o.api.LabeledData;

/**
 * Bridges to DJL's training API: a {@link LabeledData} split as a DJL {@link ArrayDataset}, for
 * users who train with DJL's {@code Trainer} / {@code EasyTrain}. Inputs are float32 of shape
 * (n, sample shape...), labels int32 of shape (n).
 */
public final class DjlDatasets {

    private DjlDatasets() {}

    /**
     * Copies {@code data} into NDArrays owned by {@code manager} and wraps them.
     *
     * @param batchSize samples per batch
     * @param shuffle whether each epoch visits the samples in a new order
     * @param seed seeds the order when shuffling; equal seeds give equal epoch orders
     * @param dropLast whether to drop a last batch smaller than {@code batchSize}
     */
    public static ArrayDataset toArrayDataset(
            LabeledData data, NDManager manager, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Batch all = data.range(manager, 0, data.size());
        Sampler.SubSampler order = shuffle ? new SeededRandomSampler(seed) : new SequenceSampler();
        return new ArrayDataset.Builder()
                .setData(all.inputs())
                .optLabels(all.labels())
                .setSampling(new BatchSampler(order, batchSize, dropLast))
                .build();
    }

    /**
     * Visits all indices in a random order; each call to {@link #sample} (one epoch) continues
     * the same seeded generator, unlike DJL's {@code RandomSampler}, which draws from a global one.
     */
    public static final class SeededRandomSampler implements Sampler.SubSampler {

        private final SplittableRandom random;

        public SeededRandomSampler(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public synchronized Iterator<Long> sample(RandomAccessDataset dataset) {
            long size = dataset.size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("dataset of " + size + " samples is too large to shuffle");
            }
            int n = (int) size;
            long[] order = new long[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < n;
                }

                @Override
                public Long next() {
                    if (next >= n) {
                        throw new NoSuchElementException();
                    }
                    return order[next++];
                }
            };
        }
    }
}
