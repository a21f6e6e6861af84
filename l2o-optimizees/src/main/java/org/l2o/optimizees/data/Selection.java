package org.l2o.optimizees.data;

import java.util.SplittableRandom;

/**
 * Which samples of a split to keep, and in what order: the first {@code cap} in file order, or
 * with {@code shuffle} the first {@code cap} of a permutation seeded by {@code seed}. A cap of 0
 * keeps every sample. Equal arguments always give equal indices.
 *
 * @param cap the most samples to keep, 0 for all
 * @param shuffle whether to permute before capping
 * @param seed the permutation's seed
 */
public record Selection(int cap, boolean shuffle, long seed) {

    public Selection {
        if (cap < 0) {
            throw new IllegalArgumentException("a size cap must be 0 (all) or positive, got " + cap);
        }
    }

    /** Every sample in file order. */
    public static Selection all() {
        return new Selection(0, false, 0L);
    }

    /** How many of {@code available} samples are kept. */
    public int count(int available) {
        return cap == 0 ? available : Math.min(cap, available);
    }

    /** The indices kept out of {@code available}, in output order. */
    public int[] choose(int available) {
        int[] order = new int[available];
        for (int i = 0; i < available; i++) {
            order[i] = i;
        }
        int k = count(available);
        if (shuffle) {
            // Partial Fisher-Yates: the first k positions are a uniform random k-subset in random order.
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(available - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return k == available ? order : java.util.Arrays.copyOf(order, k);
    }
}
