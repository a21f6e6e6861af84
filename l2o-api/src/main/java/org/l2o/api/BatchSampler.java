package org.l2o.api;

import java.util.SplittableRandom;

/**
 * Deterministic minibatch indices: each epoch visits every sample once in an order shuffled
 * by a generator seeded once, so equal seeds give equal batch sequences. Not thread-safe.
 */
public final class BatchSampler {

    private final int size;
    private final int batchSize;
    private final SplittableRandom random;
    private final int[] order;
    private int cursor;

    /**
     * @param size number of samples
     * @param batchSize samples per batch, at most {@code size}
     * @param seed the shuffling seed
     */
    public BatchSampler(int size, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > size) {
            throw new IllegalArgumentException(
                    "batch size " + batchSize + " must be between 1 and the number of samples " + size);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.random = new SplittableRandom(seed);
        this.order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** Indices of the next batch; a new epoch (reshuffled) starts when fewer than a batch remain. */
    public int[] next() {
        if (cursor + batchSize > size) {
            shuffle();
        }
        int[] out = new int[batchSize];
        System.arraycopy(order, cursor, out, 0, batchSize);
        cursor += batchSize;
        return out;
    }

    private void shuffle() {
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }
}
