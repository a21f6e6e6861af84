package org.l2o.theory;

import org.apache.commons.math3.special.Gamma;

/**
 * Logarithms of the regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x),
 * evaluated entirely in log space so that neither underflows for large {@code a} (a = p/2 with
 * p up to 10,000 and beyond) or tiny {@code x}.
 *
 * <p>commons-math's {@code Gamma.regularizedGammaP} returns 0 once P drops below about 1e−308,
 * which happens for the far-field constant C(γ, p, m) = −log P(p/2, γm²/2) of Theorem 1 whenever
 * the ball of radius m holds a negligible share of the Gaussian mass. Here P is computed from
 * its power series for x &lt; a + 1 and Q from its continued fraction (modified Lentz) otherwise,
 * both with the prefactor x^a e^{−x}/Γ(a) kept as a logarithm; the complement comes from
 * {@code log(−expm1(·))}, which stays accurate when one of the two is close to 1.
 */
public final class IncompleteGamma {

  private static final double SERIES_EPS = 1e-17;
  private static final double FRACTION_EPS = 1e-15;
  private static final double TINY = 1e-300;
  private static final int MAX_ITERATIONS = 1_000_000;

  private IncompleteGamma() {}

  /** log P(a, x) for a &gt; 0, x ≥ 0 (−∞ at x = 0). */
  public static double logP(double a, double x) {
    check(a, x);
    if (x == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (Double.isInfinite(x)) {
      return 0.0;
    }
    return x < a + 1 ? seriesLogP(a, x) : log1mExp(continuedFractionLogQ(a, x));
  }

  /** log Q(a, x) = log(1 − P(a, x)) for a &gt; 0, x ≥ 0 (0 at x = 0). */
  public static double logQ(double a, double x) {
    check(a, x);
    if (x == 0) {
      return 0.0;
    }
    if (Double.isInfinite(x)) {
      return Double.NEGATIVE_INFINITY;
    }
    return x < a + 1 ? log1mExp(seriesLogP(a, x)) : continuedFractionLogQ(a, x);
  }

  /** log(1 − e^v) for v ≤ 0, accurate at both ends. */
  public static double log1mExp(double v) {
    if (v > 0) {
      throw new IllegalArgumentException("log1mExp needs v <= 0, got " + v);
    }
    // Mächler's switch point: log1p(-exp(v)) loses accuracy near 0, log(-expm1(v)) far from it.
    return v > -0.6931471805599453 ? Math.log(-Math.expm1(v)) : Math.log1p(-Math.exp(v));
  }

  /** Power series P(a,x) = x^a e^{−x}/Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)); converges fast for x &lt; a+1. */
  static double seriesLogP(double a, double x) {
    double term = 1.0;
    double sum = 1.0;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * SERIES_EPS) {
        return a * Math.log(x) - x - Gamma.logGamma(a + 1) + Math.log(sum);
      }
    }
    throw new ArithmeticException("incomplete gamma series did not converge for a=" + a + ", x=" + x);
  }

  /** Continued fraction for Q(a,x) (modified Lentz); converges fast for x ≥ a+1. */
  static double continuedFractionLogQ(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < FRACTION_EPS) {
        return a * Math.log(x) - x - Gamma.logGamma(a) + Math.log(h);
      }
    }
    throw new ArithmeticException("incomplete gamma continued fraction did not converge for a=" + a + ", x=" + x);
  }

  private static void check(double a, double x) {
    if (!(a > 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException("incomplete gamma needs a finite a > 0, got a=" + a);
    }
    if (!(x >= 0)) {
      throw new IllegalArgumentException("incomplete gamma needs x >= 0, got x=" + x);
    }
  }
}
