package org.l2o.theory;

import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Monte Carlo estimate of the local entropy G(θ;γ) = log ∫ exp(−L(θ′) − γ/2‖θ−θ′‖²) dθ′
 * (Yang et al., AISTATS 2023, eq. 5; Chaudhari et al., "Entropy-SGD", ICLR 2017).
 *
 * <p>Importance sampling from the Gaussian N(θ, γ⁻¹I): the integral equals
 * (2π/γ)^{p/2} · E[exp(−L(θ′))], so Ĝ = (p/2)log(2π/γ) + log mean_k exp(−L(θ′_k)), evaluated
 * with log-sum-exp. The standard error of Ĝ is the delta-method one, sd(w)/(√n · mean(w)) with
 * w_k = exp(−L(θ′_k) − max_j(−L(θ′_j))). The estimator of the log is biased by about −se²/2,
 * far below the standard error for the sample sizes used here.
 */
public final class LocalEntropyEstimator {

  private LocalEntropyEstimator() {}

  /**
   * One estimate with its standard error.
   *
   * @param value Ĝ
   * @param standardError delta-method standard error of Ĝ
   * @param samples n
   * @param effectiveSampleSize (Σw)²/Σw², a warning sign when far below n
   */
  public record Estimate(double value, double standardError, int samples, double effectiveSampleSize) {}

  /**
   * @param loss L evaluated at a point θ′ (the array is reused between calls; do not keep it)
   * @param theta the centre θ
   * @param gamma the scope γ &gt; 0
   * @param samples number of Gaussian draws, ≥ 2
   * @param rng the random source (explicitly seeded by the caller)
   */
  public static Estimate monteCarlo(ToDoubleFunction<double[]> loss, double[] theta, double gamma, int samples, Random rng) {
    if (!(gamma > 0)) {
      throw new IllegalArgumentException("gamma must be > 0, got " + gamma);
    }
    if (samples < 2) {
      throw new IllegalArgumentException("samples must be >= 2, got " + samples);
    }
    int p = theta.length;
    double sd = 1 / Math.sqrt(gamma);
    double[] point = new double[p];
    double[] logW = new double[samples];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < samples; k++) {
      for (int i = 0; i < p; i++) {
        point[i] = theta[i] + sd * rng.nextGaussian();
      }
      logW[k] = -loss.applyAsDouble(point);
      max = Math.max(max, logW[k]);
    }
    double sum = 0;
    double sum2 = 0;
    for (int k = 0; k < samples; k++) {
      double w = Math.exp(logW[k] - max);
      sum += w;
      sum2 += w * w;
    }
    double mean = sum / samples;
    double var = Math.max(0, (sum2 - samples * mean * mean) / (samples - 1));
    double value = 0.5 * p * Math.log(2 * Math.PI / gamma) + max + Math.log(mean);
    double se = Math.sqrt(var / samples) / mean;
    return new Estimate(value, se, samples, sum * sum / sum2);
  }
}
