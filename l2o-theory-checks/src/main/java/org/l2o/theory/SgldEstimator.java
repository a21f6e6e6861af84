package org.l2o.theory;

import java.util.Random;

/**
 * Stochastic-gradient Langevin estimate of E[θ′] under the local-entropy Gibbs measure
 * P(θ′) ∝ exp(−L(θ′) − γ/2‖θ−θ′‖²), whose mean gives the local-entropy gradient
 * −∇_θ G(θ;γ) = γ(θ − E[θ′]) (Yang et al., AISTATS 2023, eq. 5; Chaudhari et al., "Entropy-SGD",
 * ICLR 2017, Algorithm 1, with the thermal noise set to temperature 1).
 *
 * <p>The chain is the unadjusted Langevin algorithm started at θ:
 * θ′ ← θ′ − η(∇L(θ′) + γ(θ′ − θ)) + √(2η) ξ, ξ ~ N(0, I). After {@code burnIn} steps the iterates
 * are averaged; the standard error per coordinate comes from batch means over 20 batches. For a
 * Gaussian target (a quadratic L) the stationary mean of this chain is exactly E[θ′] for any stable
 * η &lt; 2/(λ_max + γ); only the covariance is inflated, so the closed form
 * (A+γI)⁻¹(Ac + γθ) is a sharp test.
 *
 * <p>Stateless; each call runs one chain.
 */
public final class SgldEstimator {

  /** Writes ∇L(x) into out. */
  @FunctionalInterface
  public interface Gradient {
    void apply(double[] x, double[] out);
  }

  /** The mean estimate and its per-coordinate batch-means standard errors. */
  public record Result(double[] mean, double[] standardError, int steps) {}

  private static final int BATCHES = 20;

  private final double stepSize;
  private final int burnIn;
  private final int steps;

  /**
   * @param stepSize η &gt; 0
   * @param burnIn steps discarded before averaging, ≥ 0
   * @param steps averaged steps, a multiple of 20 and ≥ 20
   */
  public SgldEstimator(double stepSize, int burnIn, int steps) {
    if (!(stepSize > 0)) {
      throw new IllegalArgumentException("SGLD step size must be > 0, got " + stepSize);
    }
    if (burnIn < 0) {
      throw new IllegalArgumentException("SGLD burn-in must be >= 0, got " + burnIn);
    }
    if (steps < BATCHES || steps % BATCHES != 0) {
      throw new IllegalArgumentException("SGLD steps must be a positive multiple of " + BATCHES + ", got " + steps);
    }
    this.stepSize = stepSize;
    this.burnIn = burnIn;
    this.steps = steps;
  }

  public Result estimateMean(Gradient gradient, double[] theta, double gamma, Random rng) {
    int p = theta.length;
    double[] x = theta.clone();
    double[] g = new double[p];
    double noise = Math.sqrt(2 * stepSize);
    double[][] batchSums = new double[BATCHES][p];
    int perBatch = steps / BATCHES;
    for (int t = 0; t < burnIn + steps; t++) {
      gradient.apply(x, g);
      for (int i = 0; i < p; i++) {
        x[i] += -stepSize * (g[i] + gamma * (x[i] - theta[i])) + noise * rng.nextGaussian();
      }
      if (t >= burnIn) {
        double[] sums = batchSums[(t - burnIn) / perBatch];
        for (int i = 0; i < p; i++) {
          sums[i] += x[i];
        }
      }
    }
    double[] mean = new double[p];
    double[] se = new double[p];
    for (int i = 0; i < p; i++) {
      double s = 0;
      for (double[] b : batchSums) {
        s += b[i] / perBatch;
      }
      mean[i] = s / BATCHES;
      double v = 0;
      for (double[] b : batchSums) {
        double d = b[i] / perBatch - mean[i];
        v += d * d;
      }
      se[i] = Math.sqrt(v / (BATCHES - 1) / BATCHES);
    }
    return new Result(mean, se, steps);
  }
}
