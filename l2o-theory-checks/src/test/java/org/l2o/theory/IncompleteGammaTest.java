package org.l2o.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class IncompleteGammaTest {

  @Test
  void matchesCommonsMathWhereItIsAccurate() {
    double[] as = {0.5, 1, 2.5, 10, 50, 500};
    double[] xs = {1e-3, 0.1, 0.9, 1, 3, 10, 49, 51, 80, 400, 600};
    int compared = 0;
    for (double a : as) {
      for (double x : xs) {
        double p = Gamma.regularizedGammaP(a, x, 1e-15, 100_000);
        double q = Gamma.regularizedGammaQ(a, x, 1e-15, 100_000);
        if (p > 1e-250 && p < 1 - 1e-12) {
          assertEquals(Math.log(p), IncompleteGamma.logP(a, x), 1e-9 * Math.max(1, Math.abs(Math.log(p))), "log P a=" + a + " x=" + x);
          compared++;
        }
        if (q > 1e-250 && q < 1 - 1e-12) {
          assertEquals(Math.log(q), IncompleteGamma.logQ(a, x), 1e-9 * Math.max(1, Math.abs(Math.log(q))), "log Q a=" + a + " x=" + x);
        }
      }
    }
    assertTrue(compared > 30, "compared " + compared);
  }

  @Test
  void seriesAndContinuedFractionAgreeWhereTheyMeet() {
    for (double a : new double[] {0.5, 3, 40, 5000}) {
      for (double x : new double[] {a + 0.5, a + 1, a + 2}) {
        double viaSeries = IncompleteGamma.seriesLogP(a, x);
        double viaFraction = IncompleteGamma.log1mExp(IncompleteGamma.continuedFractionLogQ(a, x));
        // both carry a log x - x - lgamma(a): at a = 5000 terms of size ~4e4 cancel, so allow ~1e-15 of that
        assertEquals(viaSeries, viaFraction, 1e-15 * (a * Math.abs(Math.log(x)) + x) + 1e-13, "a=" + a + " x=" + x);
      }
    }
  }

  @Test
  void chiSquareWithTwoDegreesOfFreedomIsExactEvenForTinyBalls() {
    // P(chi2_2 <= t) = 1 - exp(-t/2), so C(gamma,2,m) = -log(-expm1(-gamma m^2/2)) exactly.
    for (double m : new double[] {1e-9, 1e-5, 0.01, 1, 5, 30}) {
      double x = 0.5 * 2.0 * m * m;
      double expected = -Math.log(-Math.expm1(-x));
      assertEquals(expected, Theorem1.farFieldConstant(2.0, 2, m), 1e-12 * Math.max(1, Math.abs(expected)), "m=" + m);
    }
  }

  @Test
  void staysFiniteAtTenThousandDimensionsAndTinyRadiusWhereCommonsMathUnderflows() {
    double a = 5000; // p = 10,000
    double x = 0.5 * 1.0 * 1e-3 * 1e-3; // gamma = 1, m = 1e-3
    assertEquals(0.0, Gamma.regularizedGammaP(a, x), "commons-math underflows here, which is why this class exists");
    double logP = IncompleteGamma.logP(a, x);
    // leading terms of the series: a log x - x - lgamma(a+1) + log(1 + x/(a+1) + ...)
    double expected = a * Math.log(x) - x - Gamma.logGamma(a + 1) + Math.log1p(x / (a + 1));
    assertEquals(expected, logP, 1e-9 * Math.abs(expected));
    assertTrue(Double.isFinite(Theorem1.farFieldConstant(1.0, 10_000, 1e-3)));
    assertTrue(Theorem1.farFieldConstant(1.0, 10_000, 1e-3) > 1e5);
  }

  @Test
  void medianRegionAtLargeShapeFollowsTheAsymptotics() {
    // P(a, a) = 1/2 + 1/(3 sqrt(2 pi a)) + O(1/a) (Temme); at a = 5000 the O(1/a) term is ~1e-5.
    double a = 5000;
    double expected = 0.5 + 1 / (3 * Math.sqrt(2 * Math.PI * a));
    assertEquals(expected, Math.exp(IncompleteGamma.logP(a, a)), 1e-4);
    assertEquals(1.0, Math.exp(IncompleteGamma.logP(a, a)) + Math.exp(IncompleteGamma.logQ(a, a)), 1e-13);
  }

  @Test
  void tailIsAccurateWhenTheComplementRoundsToOne() {
    // gamma m^2 = 10^4 with p = 3: P rounds to 1 and C to 0, but log Q is about -5000 and must not be lost.
    double logQ = IncompleteGamma.logQ(1.5, 5000);
    assertTrue(logQ < -4990 && logQ > -5010, "log Q = " + logQ);
    assertEquals(0.0, IncompleteGamma.logP(1.5, 5000), 1e-300);
  }

  @Test
  void rejectsInvalidArguments() {
    assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.logP(0, 1));
    assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.logP(1, -1));
    assertThrows(IllegalArgumentException.class, () -> IncompleteGamma.logQ(Double.NaN, 1));
  }
}
