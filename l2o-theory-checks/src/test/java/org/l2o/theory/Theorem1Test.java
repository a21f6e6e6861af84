package org.l2o.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * What is actually true of Theorem 1 on convex quadratics: where the stated bound holds, the
 * witnesses of its two kinds of failure and the proof step each one breaks, and the corrected bound.
 */
class Theorem1Test {

  @Test
  void statedBoundFailsForTheZeroFunctionWheneverGammaExceedsOne() {
    // L = 0: G = (p/2) log(2 pi / gamma), so the margin is exactly C - (p/2) log gamma.
    for (int p : new int[] {1, 3}) {
      for (double gamma : new double[] {0.1, 100}) {
        EigenQuadratic zero = new EigenQuadratic(new double[p], new double[p], 0);
        Theorem1Result r = Theorem1.evaluate(zero, gamma, 10, Lipschitz.POINTWISE);
        double c = Theorem1.farFieldConstant(gamma, p, 10);
        assertEquals(c - 0.5 * p * Math.log(gamma), r.margin(), 1e-12);
        assertEquals(gamma < 1, r.holds(), "p=" + p + " gamma=" + gamma);
        assertTrue(r.correctedHolds());
        assertEquals(0.0, r.correctedMargin(), 1e-12, "the corrected bound is exact for L = 0");
      }
    }
    // the smallest witness: p = 1, L = 0, gamma = 100, m = 10: the theorem claims 0 <= sqrt(gamma) e^C - gamma < 0
    Theorem1Result w = Theorem1.evaluate(new EigenQuadratic(new double[1], new double[1], 0), 100, 10, Lipschitz.BALL);
    assertFalse(w.holds());
    assertEquals(Theorem1.GAUSSIAN_CONSTANT, w.violationKind());
    assertTrue(w.constantFixedHolds());
    assertNull(w.logBound(), "D^-1(-G) = 10 e^C - 100 < 0 has no log");
  }

  @Test
  void theGaussianIntegralConstantIsASquareRootOfTheDeterminant() {
    // int exp(-1/2 u^T B u) du over R^2 with B = diag(lambda + gamma, gamma): 2 pi / sqrt(det B).
    // D(x) encodes 2 pi / det B instead (log(x+gamma) + (p-1) log gamma), the step that makes L = 0 fail.
    double lambda = 3;
    double gamma = 2;
    double h = 0.005;
    double sum = 0;
    for (double u = -10; u <= 10; u += h) {
      for (double v = -10; v <= 10; v += h) {
        sum += Math.exp(-0.5 * ((lambda + gamma) * u * u + gamma * v * v)) * h * h;
      }
    }
    double det = (lambda + gamma) * gamma;
    assertEquals(2 * Math.PI / Math.sqrt(det), sum, 1e-6);
    assertTrue(Math.abs(2 * Math.PI / det - sum) > 0.5);
  }

  @Test
  void farFieldStepFailsWhenTheGibbsMeasureSitsOutsideTheBall() {
    // p = 1, A = 1, theta - c = 10, gamma = 1, m = 1: the Gibbs measure of the local entropy is
    // N(theta - 5, 1/2), five units from theta, far outside the ball of radius 1.
    double lambda = 1;
    double d = 10;
    double gamma = 1;
    double m = 1;
    EigenQuadratic q = new EigenQuadratic(new double[] {lambda}, new double[] {d}, 0);
    Theorem1Result r = Theorem1.evaluate(q, gamma, m, Lipschitz.POINTWISE);
    assertFalse(r.holds());
    assertFalse(r.constantFixedHolds(), "fixing the Gaussian constant does not rescue it");
    assertEquals(Theorem1.FAR_FIELD, r.violationKind());
    assertTrue(r.correctedHolds());

    // The step: int_all f <= e^C int_ball f for f = exp(-L(theta') - gamma/2 |theta - theta'|^2).
    // In u = theta' - theta, f is proportional to the density of N(mu, 1/(lambda + gamma)), mu = -g/(lambda + gamma).
    double g = lambda * d;
    double mu = -g / (lambda + gamma);
    double sd = 1 / Math.sqrt(lambda + gamma);
    NormalDistribution n = new NormalDistribution(null, 0, 1);
    double ballShare = n.cumulativeProbability((m - mu) / sd) - n.cumulativeProbability((-m - mu) / sd);
    double logRatio = -Math.log(ballShare);
    assertTrue(logRatio > r.farFieldConstant() + 10, "log(int_all/int_ball) = " + logRatio + " vs C = " + r.farFieldConstant());
    // while the near-field step holds: int_ball f <= e^{-L + mM} sqrt(2 pi/(lambda + gamma))
    double logBall = r.localEntropy() + Math.log(ballShare);
    assertTrue(logBall <= -r.loss() + m * r.lipschitzConstant() + 0.5 * Math.log(2 * Math.PI / (lambda + gamma)));
  }

  @Test
  void statedBoundHoldsForSmallGammaAtTheMinimizer() {
    // gamma < 1 at theta = c: margin = 1/2 sum log(lambda_i + gamma) - (p-1) log gamma + mM + C - log(lambda_1 + gamma) > 0
    // (M = 0 pointwise, M = m lambda_max on the ball).
    EigenQuadratic q = new EigenQuadratic(new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, new double[5], 0);
    for (Lipschitz l : Lipschitz.values()) {
      Theorem1Result r = Theorem1.evaluate(q, 0.1, 1, l);
      double expected = 0.5 * 5 * Math.log(0.6) - 4 * Math.log(0.1) + 1 * r.lipschitzConstant() + r.farFieldConstant() - Math.log(0.6);
      assertEquals(expected, r.margin(), 1e-12);
      assertTrue(r.holds());
      assertNotNull(r.logBound());
      assertTrue(r.correctedHolds());
    }
  }

  @Test
  void correctedBoundIsExactForRankOneAtTheMinimizer() {
    double[] eig = new double[7];
    eig[0] = 42;
    Theorem1Result r = Theorem1.evaluate(new EigenQuadratic(eig, new double[7], 1.5), 3, 0.5, Lipschitz.POINTWISE);
    assertTrue(r.correctedHolds());
    assertEquals(0.0, r.correctedMargin(), 1e-12);
    assertEquals(Math.log(42), r.correctedLogBound(), 1e-12);
  }

  @Test
  void correctedBoundIsAnUpperBoundOnTheTrueLocalEntropyGap() {
    // The corrected bound is derived from e^G <= near + far; check that inequality itself on random cases.
    java.util.Random rng = new java.util.Random(17);
    for (int t = 0; t < 2000; t++) {
      int p = 1 + rng.nextInt(20);
      double[] eig = new double[p];
      double[] d = new double[p];
      for (int i = 0; i < p; i++) {
        eig[i] = rng.nextInt(3) == 0 ? 0 : Math.exp(3 * rng.nextGaussian());
        d[i] = rng.nextInt(3) == 0 ? 0 : Math.exp(rng.nextGaussian()) * rng.nextGaussian();
      }
      double gamma = Math.exp(2 * rng.nextGaussian());
      double m = Math.exp(rng.nextGaussian());
      Theorem1Result r = Theorem1.evaluate(new EigenQuadratic(eig, d, rng.nextBoolean() ? 0 : 1), gamma, m,
          rng.nextBoolean() ? Lipschitz.POINTWISE : Lipschitz.BALL);
      assertTrue(r.correctedHolds(), () -> "corrected bound violated: " + r + " eig=" + Arrays.toString(eig) + " d=" + Arrays.toString(d));
      assertTrue(r.correctedGlobalLogBoundPlusGamma() >= r.logHessianPlusGamma() - r.tolerance());
      if (r.correctedSplitLogBoundPlusGamma() != null) {
        assertTrue(r.correctedSplitLogBoundPlusGamma() >= r.logHessianPlusGamma() - r.tolerance());
      }
    }
  }

  @Test
  void staysFiniteAtTenThousandDimensionsWithATinyBall() {
    int p = 10_000;
    double[] eig = new double[p];
    double[] d = new double[p];
    Arrays.fill(eig, 2.0);
    d[0] = 0.1;
    Theorem1Result r = Theorem1.evaluate(new EigenQuadratic(eig, d, 0), 1.0, 1e-4, Lipschitz.BALL);
    assertTrue(Double.isFinite(r.farFieldConstant()) && r.farFieldConstant() > 1e5, "C = " + r.farFieldConstant());
    assertTrue(Double.isFinite(r.margin()) && Double.isFinite(r.correctedMargin()));
    assertTrue(r.holds(), "an enormous C makes the stated bound hold here");
    assertTrue(r.correctedHolds());
  }
}
