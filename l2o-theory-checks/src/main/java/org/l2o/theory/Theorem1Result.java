package org.l2o.theory;

/**
 * The outcome of checking Theorem 1 (and the corrected bound) at one point of one quadratic.
 * All bounds are on ‖∇²L(θ)‖ and are reported in log(·+γ) space ({@code ...LogBoundPlusGamma}),
 * which is always finite, and as log of the bound itself ({@code logBound}, {@code correctedLogBound})
 * where the bound is positive (null otherwise).
 *
 * @param dim p
 * @param gamma γ
 * @param m ball radius
 * @param lipschitz "pointwise" or "ball"
 * @param lipschitzConstant the M used
 * @param rho ρ (0 for quadratics)
 * @param farFieldConstant C(γ,p,m)
 * @param loss L(θ)
 * @param gradientNorm ‖∇L(θ)‖
 * @param hessianNorm ‖∇²L(θ)‖
 * @param localEntropy G(θ;γ) (closed form)
 * @param logHessianPlusGamma log(‖∇²L(θ)‖ + γ)
 * @param logBoundPlusGamma log(D⁻¹(−G) + γ) = −G − K
 * @param logBound log D⁻¹(−G), null where D⁻¹(−G) ≤ 0
 * @param holds whether the stated bound holds
 * @param margin logBoundPlusGamma − logHessianPlusGamma (≥ 0 iff it holds)
 * @param violationKind null, "gaussian-constant" or "far-field"
 * @param constantFixedLogBoundPlusGamma the stated proof with only the Gaussian constant fixed
 * @param constantFixedHolds whether that diagnostic bound holds
 * @param correctedGlobalLogBoundPlusGamma corrected bound, global Gaussian form
 * @param correctedSplitLogBoundPlusGamma corrected bound, near/far split form (null where vacuous)
 * @param correctedLogBoundPlusGamma the corrected bound: the smaller of the two
 * @param correctedLogBound log of the corrected bound on ‖∇²L‖, null where it is 0
 * @param correctedHolds whether the corrected bound holds
 * @param correctedMargin correctedLogBoundPlusGamma − logHessianPlusGamma (its tightness; 0 = tight)
 * @param tolerance the rounding tolerance used for "holds"
 */
public record Theorem1Result(int dim, double gamma, double m, String lipschitz, double lipschitzConstant, double rho,
    double farFieldConstant, double loss, double gradientNorm, double hessianNorm, double localEntropy,
    double logHessianPlusGamma, double logBoundPlusGamma, Double logBound, boolean holds, double margin,
    String violationKind, double constantFixedLogBoundPlusGamma, boolean constantFixedHolds,
    double correctedGlobalLogBoundPlusGamma, Double correctedSplitLogBoundPlusGamma, double correctedLogBoundPlusGamma,
    Double correctedLogBound, boolean correctedHolds, double correctedMargin, double tolerance) {}
