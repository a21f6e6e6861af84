package org.l2o.theory;

/**
 * Numerical check of Theorem 1 of Yang et al., "Learning to Generalize Provably in Learning to
 * Optimize" (AISTATS 2023) on convex quadratics, and of the corrected bound derived in
 * {@code docs/theory.md}.
 *
 * <p>The theorem states ‖∇²L(θ)‖ ≤ D⁻¹(−G(θ;γ)) with
 * D(x) = log(x+γ) + L(θ) + (p−1)logγ − mM − (p/2)log 2π − ½ρm³ − C(γ,p,m). Because
 * D⁻¹(y) = exp(y − K) − γ overflows easily, everything is compared in log(·+γ) space:
 * the theorem holds iff log(‖∇²L‖+γ) ≤ R := −G − K, and the margin is R − log(‖∇²L‖+γ).
 * For a quadratic R = ½ log det(A+γI) − ½gᵀ(A+γI)⁻¹g − (p−1)logγ + mM + ½ρm³ + C, computed from
 * G + L directly so that large L(θ) cancels exactly.
 *
 * <p>Three bounds are evaluated (see docs/theory.md for the derivations):
 * <ul>
 *   <li>stated: the theorem as printed;
 *   <li>constant-fixed (diagnostic): the same proof with the Gaussian integral constant corrected,
 *       log(x+γ) + (p−1)logγ replaced by ½log(x+γ) + ((p−1)/2)logγ; a stated violation that this
 *       fixes is of kind {@code gaussian-constant}, one that survives it is of kind {@code far-field}
 *       (the step bounding the far-field integral through C);
 *   <li>corrected: the minimum of two rigorous bounds for non-negative convex quadratics, the
 *       "split" one (near field through m, M; far field additively through 1 − e^{−C}) and the
 *       "global" one (one Gaussian integral with exp(M²/(2γ))).
 * </ul>
 * A bound "holds" when its margin is ≥ −tolerance, with tolerance 1e−12 times the sum of the
 * magnitudes of the terms, which absorbs rounding where a bound is exactly tight.
 */
public final class Theorem1 {

  static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double RELATIVE_TOLERANCE = 1e-12;

  private Theorem1() {}

  /** Kinds of violations of the stated bound, by the step of the proof of Lemma 1 that breaks. */
  public static final String GAUSSIAN_CONSTANT = "gaussian-constant";
  public static final String FAR_FIELD = "far-field";

  /**
   * The scalars the check needs.
   *
   * @param dimension p
   * @param gamma γ &gt; 0
   * @param m ball radius m &gt; 0
   * @param lipschitz which M was used
   * @param lipschitzConstant M ≥ ‖∇L(θ)‖
   * @param rho Hessian Lipschitz constant ρ (0 for quadratics)
   * @param loss L(θ)
   * @param localEntropyPlusLoss G(θ;γ) + L(θ)
   * @param hessianNorm ‖∇²L(θ)‖
   * @param gradientNorm ‖∇L(θ)‖
   */
  public record Inputs(int dimension, double gamma, double m, Lipschitz lipschitz, double lipschitzConstant, double rho,
      double loss, double localEntropyPlusLoss, double hessianNorm, double gradientNorm) {}

  /** C(γ,p,m) = −log P(χ²_p ≤ γm²) = −log P_reg(p/2, γm²/2), stable for large p and tiny m. */
  public static double farFieldConstant(double gamma, int p, double m) {
    if (!(gamma > 0) || p < 1 || !(m > 0)) {
      throw new IllegalArgumentException("C(gamma,p,m) needs gamma > 0, p >= 1, m > 0; got gamma=" + gamma + ", p=" + p + ", m=" + m);
    }
    return -IncompleteGamma.logP(0.5 * p, 0.5 * gamma * m * m);
  }

  /**
   * C(γ,p,m) together with log(1 − e^{−C}) = log P(χ²_p &gt; γm²), the Gaussian mass outside the ball.
   * The latter is computed directly (not from C): for large γm² C underflows to 0 while the tail,
   * e.g. e^{−5000}, still matters against an even smaller e^{G}.
   *
   * @param c C(γ,p,m)
   * @param logTail log P(χ²_p &gt; γm²)
   */
  public record FarField(double c, double logTail) {
    public static FarField of(double gamma, int p, double m) {
      return new FarField(farFieldConstant(gamma, p, m), IncompleteGamma.logQ(0.5 * p, 0.5 * gamma * m * m));
    }
  }

  /** Collects the inputs from a quadratic (ρ = 0) with the chosen M. */
  public static Inputs inputs(EigenQuadratic q, double gamma, double m, Lipschitz lipschitz) {
    if (!(m > 0) || Double.isInfinite(m)) {
      throw new IllegalArgumentException("m must be finite and > 0, got " + m);
    }
    double gradNorm = q.gradientNorm();
    double bigM = lipschitz == Lipschitz.POINTWISE ? gradNorm : q.lipschitzOnBall(m);
    return new Inputs(q.dimension(), gamma, m, lipschitz, bigM, 0.0, q.loss(), q.localEntropyPlusLoss(gamma),
        q.hessianNorm(), gradNorm);
  }

  public static Theorem1Result evaluate(EigenQuadratic q, double gamma, double m, Lipschitz lipschitz) {
    Inputs in = inputs(q, gamma, m, lipschitz);
    return evaluate(in, FarField.of(gamma, in.dimension(), m));
  }

  /** Evaluates all bounds; {@code far} must be {@link FarField#of} the inputs' γ, p, m (callers may cache it). */
  public static Theorem1Result evaluate(Inputs in, FarField far) {
    double c = far.c();
    int p = in.dimension();
    double gamma = in.gamma();
    double logGamma = Math.log(gamma);
    double mM = in.m() * in.lipschitzConstant();
    double rhoTerm = 0.5 * in.rho() * in.m() * in.m() * in.m();
    double e = in.localEntropyPlusLoss();
    double g = e - in.loss();
    double lhs = Math.log(in.hessianNorm() + gamma);
    double gauss = -e + 0.5 * p * LOG_2PI; // ½ log det(A+γI) − ½ gᵀ(A+γI)⁻¹g for a quadratic

    double stated = gauss - (p - 1) * logGamma + mM + rhoTerm + c;
    double constantFixed = 2 * (gauss - 0.5 * (p - 1) * logGamma + mM + rhoTerm + c);
    double global = 2 * (gauss - 0.5 * (p - 1) * logGamma + in.lipschitzConstant() * in.lipschitzConstant() / (2 * gamma));
    double logFar = 0.5 * p * (LOG_2PI - logGamma) + far.logTail();
    double split = g > logFar
        ? 2 * (gauss - 0.5 * (p - 1) * logGamma + mM + rhoTerm - IncompleteGamma.log1mExp(logFar - g))
        : Double.POSITIVE_INFINITY;
    double corrected = Math.min(global, split);

    double scale = Math.abs(e) + 0.5 * p * LOG_2PI + p * Math.abs(logGamma) + Math.abs(mM) + Math.abs(rhoTerm)
        + Math.abs(c) + Math.abs(lhs) + Math.abs(in.lipschitzConstant() * in.lipschitzConstant() / gamma) + 1;
    double tol = RELATIVE_TOLERANCE * scale;

    double margin = stated - lhs;
    boolean holds = margin >= -tol;
    boolean fixedHolds = constantFixed - lhs >= -tol;
    String kind = holds ? null : fixedHolds ? GAUSSIAN_CONSTANT : FAR_FIELD;
    double correctedMargin = corrected - lhs;
    return new Theorem1Result(p, gamma, in.m(), in.lipschitz().cliName(), in.lipschitzConstant(), in.rho(), c,
        in.loss(), in.gradientNorm(), in.hessianNorm(), g, lhs,
        stated, logOfInverse(stated, logGamma), holds, margin, kind,
        constantFixed, fixedHolds,
        global, Double.isInfinite(split) ? null : split, corrected, logOfInverse(corrected, logGamma),
        correctedMargin >= -tol, correctedMargin, tol);
  }

  /** log D⁻¹ = log(e^R − γ) when that is positive, else null (the bound is then ≤ 0 or infinite). */
  private static Double logOfInverse(double r, double logGamma) {
    if (!(r > logGamma) || Double.isInfinite(r)) {
      return null;
    }
    return r + IncompleteGamma.log1mExp(logGamma - r);
  }
}
