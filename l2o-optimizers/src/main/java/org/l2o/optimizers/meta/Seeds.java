package org.l2o.optimizers.meta;

/**
 * Counter-based seed streams: every random choice of meta-training (optimizee initialization,
 * minibatch order, unroll lengths, regularizer probes) is seeded by mixing the run's seed with
 * the epoch, stage and purpose. The whole random state of a run is therefore its seed and its
 * counters, which makes checkpoints exact and resumed runs identical to uninterrupted ones.
 */
public final class Seeds {

    private Seeds() {}

    /** SplitMix64 finalizer folded over the inputs (Steele, Lea, Flood 2014). */
    public static long mix(long seed, long... tags) {
        long h = finalize(seed ^ 0x9E3779B97F4A7C15L);
        for (long t : tags) {
            h = finalize(h ^ finalize(t + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    private static long finalize(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
