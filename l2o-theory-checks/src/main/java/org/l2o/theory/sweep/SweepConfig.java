package org.l2o.theory.sweep;

import java.util.List;
import org.l2o.theory.Lipschitz;

/**
 * Settings of a Theorem 1 sweep.
 *
 * @param cases number of random cases, ≥ 1
 * @param seed seed of the single random stream the cases are drawn from
 * @param dims dimensions p to draw from (each ≥ 1)
 * @param gammas values of γ to draw from (each &gt; 0)
 * @param ms ball radii m to draw from (each &gt; 0)
 * @param lipschitz which M to use
 */
public record SweepConfig(int cases, long seed, List<Integer> dims, List<Double> gammas, List<Double> ms, Lipschitz lipschitz) {

  public static final List<Integer> DEFAULT_DIMS = List.of(1, 2, 3, 5, 10, 20, 50, 100);
  public static final List<Double> DEFAULT_GAMMAS = List.of(0.01, 0.1, 1.0, 10.0, 100.0);
  public static final List<Double> DEFAULT_MS = List.of(0.01, 0.1, 1.0, 10.0);

  public SweepConfig {
    if (cases < 1) {
      throw new IllegalArgumentException("--cases must be >= 1, got " + cases);
    }
    dims = List.copyOf(dims);
    gammas = List.copyOf(gammas);
    ms = List.copyOf(ms);
    if (dims.isEmpty() || gammas.isEmpty() || ms.isEmpty()) {
      throw new IllegalArgumentException("--dims, --gammas and --ms need at least one value each");
    }
    for (int p : dims) {
      if (p < 1 || p > 1_000_000) {
        throw new IllegalArgumentException("--dims: each dimension must be in [1, 1000000], got " + p);
      }
    }
    for (double g : gammas) {
      if (!(g > 0) || Double.isInfinite(g)) {
        throw new IllegalArgumentException("--gammas: each gamma must be finite and > 0, got " + g);
      }
    }
    for (double m : ms) {
      if (!(m > 0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException("--ms: each m must be finite and > 0, got " + m);
      }
    }
    if (lipschitz == null) {
      throw new IllegalArgumentException("--lipschitz must be pointwise or ball");
    }
  }
}
