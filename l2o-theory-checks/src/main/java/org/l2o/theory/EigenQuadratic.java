package org.l2o.theory;

import java.util.Arrays;

/**
 * A convex quadratic L(θ) = ½(θ−c)ᵀA(θ−c) + ℓ₀ seen from a point θ, written in the eigenbasis of A.
 *
 * <p>Every quantity Theorem 1 of Yang et al. (AISTATS 2023, "Learning to Generalize Provably in
 * Learning to Optimize") needs is invariant under rotations θ ↦ Qθ, so a case is fully described by
 * the spectrum λ of A (λᵢ ≥ 0, zeros allowed: A may be singular), the coordinates d = Qᵀ(θ−c) of the
 * point relative to the minimizer in that eigenbasis, and ℓ₀ ≥ 0. That makes every check O(p).
 * {@link DenseQuadratic} does the same computations on a dense, rotated A and is used in tests to
 * show both agree.
 *
 * <p>Immutable; the arrays are copied.
 */
public final class EigenQuadratic {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final double[] eigenvalues;
  private final double[] offset;
  private final double l0;

  /**
   * @param eigenvalues the spectrum of A, each finite and ≥ 0
   * @param offset θ − c in the eigenbasis of A (same length)
   * @param l0 the constant ℓ₀ ≥ 0
   */
  public EigenQuadratic(double[] eigenvalues, double[] offset, double l0) {
    if (eigenvalues.length == 0) {
      throw new IllegalArgumentException("a quadratic needs dimension >= 1");
    }
    if (eigenvalues.length != offset.length) {
      throw new IllegalArgumentException("eigenvalues (" + eigenvalues.length + ") and offset ("
          + offset.length + ") must have the same length");
    }
    for (int i = 0; i < eigenvalues.length; i++) {
      if (!(eigenvalues[i] >= 0) || Double.isInfinite(eigenvalues[i])) {
        throw new IllegalArgumentException("eigenvalue " + (i + 1) + " must be finite and >= 0 (A positive semi-definite), got " + eigenvalues[i]);
      }
      if (!Double.isFinite(offset[i])) {
        throw new IllegalArgumentException("offset coordinate " + (i + 1) + " must be finite, got " + offset[i]);
      }
    }
    if (!(l0 >= 0) || Double.isInfinite(l0)) {
      throw new IllegalArgumentException("l0 must be finite and >= 0 (the theorem needs L >= 0), got " + l0);
    }
    this.eigenvalues = eigenvalues.clone();
    this.offset = offset.clone();
    this.l0 = l0;
  }

  public int dimension() {
    return eigenvalues.length;
  }

  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  public double[] offset() {
    return offset.clone();
  }

  public double l0() {
    return l0;
  }

  /** Number of non-zero eigenvalues. */
  public int rank() {
    int r = 0;
    for (double v : eigenvalues) {
      if (v > 0) {
        r++;
      }
    }
    return r;
  }

  /** L(θ). */
  public double loss() {
    double s = 0;
    for (int i = 0; i < eigenvalues.length; i++) {
      s += eigenvalues[i] * offset[i] * offset[i];
    }
    return 0.5 * s + l0;
  }

  /** L at θ + u, u in eigen coordinates. */
  public double lossAt(double[] u) {
    double s = 0;
    for (int i = 0; i < eigenvalues.length; i++) {
      double x = offset[i] + u[i];
      s += eigenvalues[i] * x * x;
    }
    return 0.5 * s + l0;
  }

  /** ∇L(θ) = A(θ−c), in eigen coordinates. */
  public double[] gradient() {
    double[] g = new double[eigenvalues.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = eigenvalues[i] * offset[i];
    }
    return g;
  }

  /** ‖∇L(θ)‖. */
  public double gradientNorm() {
    double s = 0;
    for (int i = 0; i < eigenvalues.length; i++) {
      double g = eigenvalues[i] * offset[i];
      s += g * g;
    }
    return Math.sqrt(s);
  }

  /** ‖∇²L(θ)‖ = λ_max(A) (spectral norm of a PSD matrix). */
  public double hessianNorm() {
    double max = 0;
    for (double v : eigenvalues) {
      max = Math.max(max, v);
    }
    return max;
  }

  /** log det(A + γI). */
  public double logDetShifted(double gamma) {
    double s = 0;
    for (double v : eigenvalues) {
      s += Math.log(v + gamma);
    }
    return s;
  }

  /** gᵀ(A+γI)⁻¹g with g = ∇L(θ). */
  public double shiftedGradientQuadraticForm(double gamma) {
    double s = 0;
    for (int i = 0; i < eigenvalues.length; i++) {
      double g = eigenvalues[i] * offset[i];
      s += g * g / (eigenvalues[i] + gamma);
    }
    return s;
  }

  /**
   * G(θ;γ) + L(θ) = (p/2)log 2π − ½ log det(A+γI) + ½ gᵀ(A+γI)⁻¹g, the Gaussian integral without
   * the e^{−L(θ)} factor; kept separate so that huge L(θ) does not cancel digits away.
   */
  public double localEntropyPlusLoss(double gamma) {
    requireGamma(gamma);
    return 0.5 * dimension() * LOG_2PI - 0.5 * logDetShifted(gamma) + 0.5 * shiftedGradientQuadraticForm(gamma);
  }

  /**
   * The local entropy G(θ;γ) = log ∫ exp(−L(θ′) − γ/2‖θ−θ′‖²) dθ′ in closed form. The two
   * L-dependent terms −L(θ) + ½gᵀ(A+γI)⁻¹g are combined as −½Σ γλᵢdᵢ²/(λᵢ+γ) − ℓ₀ to avoid cancellation.
   */
  public double localEntropy(double gamma) {
    requireGamma(gamma);
    double s = 0;
    for (int i = 0; i < eigenvalues.length; i++) {
      double lam = eigenvalues[i];
      s += gamma * lam * offset[i] * offset[i] / (lam + gamma);
    }
    return -0.5 * s - l0 + 0.5 * dimension() * LOG_2PI - 0.5 * logDetShifted(gamma);
  }

  /**
   * The mean of the local-entropy Gibbs measure P(θ′) ∝ exp(−L(θ′) − γ/2‖θ−θ′‖²), returned as
   * E[θ′] − c in eigen coordinates: (A+γI)⁻¹(Ac + γθ) − c = γ(A+γI)⁻¹(θ−c).
   */
  public double[] gibbsMeanOffset(double gamma) {
    requireGamma(gamma);
    double[] mu = new double[eigenvalues.length];
    for (int i = 0; i < mu.length; i++) {
      mu[i] = gamma * offset[i] / (eigenvalues[i] + gamma);
    }
    return mu;
  }

  /**
   * The Lipschitz constant of L on the closed ball of radius m around θ, sup_{‖u‖≤m} ‖g + Au‖.
   *
   * <p>Maximizing a convex quadratic over a ball is a trust-region subproblem (min −½‖g+Au‖²); its
   * global solution satisfies (ν I − A²)u = Ag with ν ≥ λ_max², ‖u‖ = m. In the eigenbasis
   * uᵢ = λᵢgᵢ/(ν − λᵢ²) and the optimum is Σ (gᵢν/(ν−λᵢ²))²; ν is found by bisection on the
   * decreasing secular function. The "hard case" (g has no component on the top eigenspace) sets
   * ν = λ_max² and fills the remaining radius along the top eigenvector.
   */
  public double lipschitzOnBall(double m) {
    if (!(m >= 0) || Double.isInfinite(m)) {
      throw new IllegalArgumentException("ball radius m must be finite and >= 0, got " + m);
    }
    double lmax = hessianNorm();
    double[] g = gradient();
    if (lmax == 0 || m == 0) {
      return gradientNorm();
    }
    double sigma = lmax * lmax;
    double topTolerance = sigma * (1 - 1e-12);
    boolean gradientOnTop = false;
    double hardRadius2 = 0; // ‖u(ν)‖² at ν = σ from the non-top coordinates
    double hardValue2 = 0;
    double agNorm2 = 0;
    for (int i = 0; i < g.length; i++) {
      double l2 = eigenvalues[i] * eigenvalues[i];
      agNorm2 += l2 * g[i] * g[i];
      if (l2 >= topTolerance) {
        if (g[i] != 0) {
          gradientOnTop = true;
        }
      } else {
        double ui = eigenvalues[i] * g[i] / (sigma - l2);
        hardRadius2 += ui * ui;
        double gi = g[i] * sigma / (sigma - l2);
        hardValue2 += gi * gi;
      }
    }
    double m2 = m * m;
    if (!gradientOnTop && hardRadius2 <= m2) {
      return Math.sqrt(hardValue2 + sigma * (m2 - hardRadius2));
    }
    double lo = sigma;
    double hi = sigma + Math.sqrt(agNorm2) / m; // there ‖u‖ ≤ ‖Ag‖/(ν−σ) = m
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
      double nu = 0.5 * (lo + hi);
      double r2 = 0;
      for (int i = 0; i < g.length; i++) {
        double ui = eigenvalues[i] * g[i] / (nu - eigenvalues[i] * eigenvalues[i]);
        r2 += ui * ui;
      }
      if (r2 > m2) {
        lo = nu;
      } else {
        hi = nu;
      }
    }
    double nu = hi; // feasible side
    double v2 = 0;
    for (int i = 0; i < g.length; i++) {
      double gi = g[i] * nu / (nu - eigenvalues[i] * eigenvalues[i]);
      v2 += gi * gi;
    }
    return Math.sqrt(v2);
  }

  private static void requireGamma(double gamma) {
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
    }
  }

  @Override
  public String toString() {
    return "EigenQuadratic{eigenvalues=" + Arrays.toString(eigenvalues) + ", offset=" + Arrays.toString(offset) + ", l0=" + l0 + "}";
  }
}
