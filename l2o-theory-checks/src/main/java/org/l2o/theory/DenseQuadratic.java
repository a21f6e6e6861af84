package org.l2o.theory;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A convex quadratic L(θ) = ½(θ−c)ᵀA(θ−c) + ℓ₀ with a dense symmetric A (EJML), in the original
 * coordinates. It computes the quantities of Theorem 1 by dense linear algebra (Cholesky of A+γI,
 * a symmetric eigen-decomposition for ‖A‖) and serves as the reference that the O(p)
 * {@link EigenQuadratic} is checked against, and as the objective of the Monte Carlo and SGLD
 * estimators in the original coordinates.
 */
public final class DenseQuadratic {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final DMatrixRMaj a;
  private final double[] c;
  private final double l0;

  public DenseQuadratic(DMatrixRMaj a, double[] c, double l0) {
    if (a.numRows != a.numCols || a.numRows != c.length) {
      throw new IllegalArgumentException("A must be p x p and c of length p; got A " + a.numRows + "x" + a.numCols + ", c " + c.length);
    }
    this.a = a.copy();
    this.c = c.clone();
    this.l0 = l0;
  }

  /**
   * A = Q diag(λ) Qᵀ, c, and θ = c + Q d for a rotation Q: the dense twin of {@code eigen}.
   * Returns the quadratic; {@link #theta(EigenQuadratic, DMatrixRMaj, double[])} gives the point.
   */
  public static DenseQuadratic rotated(EigenQuadratic eigen, DMatrixRMaj q, double[] c) {
    int p = eigen.dimension();
    DMatrixRMaj lambda = CommonOps_DDRM.diag(eigen.eigenvalues());
    DMatrixRMaj tmp = new DMatrixRMaj(p, p);
    DMatrixRMaj a = new DMatrixRMaj(p, p);
    CommonOps_DDRM.mult(q, lambda, tmp);
    CommonOps_DDRM.multTransB(tmp, q, a);
    // symmetrize away rounding so the eigen-decomposition sees an exactly symmetric matrix
    for (int i = 0; i < p; i++) {
      for (int j = i + 1; j < p; j++) {
        double s = 0.5 * (a.get(i, j) + a.get(j, i));
        a.set(i, j, s);
        a.set(j, i, s);
      }
    }
    return new DenseQuadratic(a, c, eigen.l0());
  }

  /** θ = c + Q d. */
  public static double[] theta(EigenQuadratic eigen, DMatrixRMaj q, double[] c) {
    DMatrixRMaj d = new DMatrixRMaj(eigen.offset());
    DMatrixRMaj x = new DMatrixRMaj(c.length, 1);
    CommonOps_DDRM.mult(q, d, x);
    double[] theta = new double[c.length];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = c[i] + x.get(i, 0);
    }
    return theta;
  }

  /** A uniformly random rotation (orthogonal matrix) drawn with the given generator. */
  public static DMatrixRMaj randomRotation(int p, Random rng) {
    return RandomMatrices_DDRM.orthogonal(p, p, rng);
  }

  public int dimension() {
    return c.length;
  }

  public double loss(double[] theta) {
    double[] r = residual(theta);
    double[] ar = multA(r);
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += r[i] * ar[i];
    }
    return 0.5 * s + l0;
  }

  public double[] gradient(double[] theta) {
    return multA(residual(theta));
  }

  /** Writes ∇L(θ) into out (no allocation besides nothing; used by SGLD). */
  public void gradient(double[] theta, double[] out) {
    int p = c.length;
    for (int i = 0; i < p; i++) {
      double s = 0;
      for (int j = 0; j < p; j++) {
        s += a.get(i, j) * (theta[j] - c[j]);
      }
      out[i] = s;
    }
  }

  /** ‖A‖₂ from a symmetric eigen-decomposition (largest |eigenvalue|). */
  public double hessianNorm() {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(c.length, false, true);
    if (!eig.decompose(a.copy())) {
      throw new ArithmeticException("eigen-decomposition of A failed");
    }
    double max = 0;
    for (int i = 0; i < c.length; i++) {
      max = Math.max(max, Math.abs(eig.getEigenvalue(i).getReal()));
    }
    return max;
  }

  /** G(θ;γ) from the Cholesky factor of A+γI: −L + (p/2)log 2π − ½ log det(A+γI) + ½ gᵀ(A+γI)⁻¹g. */
  public double localEntropy(double[] theta, double gamma) {
    int p = c.length;
    DMatrixRMaj shifted = a.copy();
    for (int i = 0; i < p; i++) {
      shifted.add(i, i, gamma);
    }
    var chol = DecompositionFactory_DDRM.chol(p, true);
    if (!chol.decompose(shifted.copy())) {
      throw new ArithmeticException("A + gamma I is not positive definite");
    }
    DMatrixRMaj lower = chol.getT(null);
    double logDet = 0;
    for (int i = 0; i < p; i++) {
      logDet += 2 * Math.log(lower.get(i, i));
    }
    double[] g = gradient(theta);
    double[] sol = solve(shifted, g);
    double quad = 0;
    for (int i = 0; i < p; i++) {
      quad += g[i] * sol[i];
    }
    return -loss(theta) + 0.5 * p * LOG_2PI - 0.5 * logDet + 0.5 * quad;
  }

  /** E[θ′] = (A+γI)⁻¹(Ac + γθ) under P(θ′) ∝ exp(−L(θ′) − γ/2‖θ−θ′‖²). */
  public double[] gibbsMean(double[] theta, double gamma) {
    int p = c.length;
    DMatrixRMaj shifted = a.copy();
    for (int i = 0; i < p; i++) {
      shifted.add(i, i, gamma);
    }
    double[] ac = multA(c);
    double[] rhs = new double[p];
    for (int i = 0; i < p; i++) {
      rhs[i] = ac[i] + gamma * theta[i];
    }
    return solve(shifted, rhs);
  }

  private double[] solve(DMatrixRMaj m, double[] rhs) {
    LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(m.numRows);
    if (!solver.setA(m.copy())) {
      throw new ArithmeticException("matrix is not positive definite");
    }
    DMatrixRMaj x = new DMatrixRMaj(m.numRows, 1);
    solver.solve(new DMatrixRMaj(rhs), x);
    return x.getData().clone();
  }

  private double[] residual(double[] theta) {
    if (theta.length != c.length) {
      throw new IllegalArgumentException("theta has length " + theta.length + ", expected " + c.length);
    }
    double[] r = new double[c.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = theta[i] - c[i];
    }
    return r;
  }

  private double[] multA(double[] v) {
    DMatrixRMaj out = new DMatrixRMaj(c.length, 1);
    CommonOps_DDRM.mult(a, new DMatrixRMaj(v), out);
    return out.getData().clone();
  }
}
