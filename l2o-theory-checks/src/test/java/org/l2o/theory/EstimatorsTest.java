package org.l2o.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The Monte Carlo local entropy and the SGLD mean against their closed forms. */
class EstimatorsTest {

  @Test
  void monteCarloLocalEntropyAgreesWithClosedFormWithinFourStandardErrors() {
    Random rng = new Random(3);
    double[][] spectra = {{0.5, 0.2, 0, 0}, {1, 1, 1}, {2, 0.01}, {0.3}};
    double[] gammas = {1, 2, 5, 0.8};
    for (int k = 0; k < spectra.length; k++) {
      int p = spectra[k].length;
      double[] d = new double[p];
      for (int i = 0; i < p; i++) {
        d[i] = 0.5 * rng.nextGaussian();
      }
      EigenQuadratic q = new EigenQuadratic(spectra[k], d, 0.1);
      double gamma = gammas[k];
      // in the original coordinates of a rotated copy, so the estimator sees a dense A
      DMatrixRMaj rot = DenseQuadratic.randomRotation(p, rng);
      double[] c = new double[p];
      DenseQuadratic dense = DenseQuadratic.rotated(q, rot, c);
      double[] theta = DenseQuadratic.theta(q, rot, c);
      LocalEntropyEstimator.Estimate e = LocalEntropyEstimator.monteCarlo(dense::loss, theta, gamma, 40_000, new Random(100 + k));
      double exact = q.localEntropy(gamma);
      assertTrue(e.standardError() > 0 && e.standardError() < 0.05, "se " + e.standardError());
      assertTrue(Math.abs(e.value() - exact) < 4 * e.standardError(),
          "case " + k + ": estimate " + e.value() + " +- " + e.standardError() + " vs exact " + exact);
    }
  }

  @Test
  void monteCarloStandardErrorIsHonestAcrossRepetitions() {
    // the spread of repeated estimates should match the reported standard error (within a factor 1.5)
    EigenQuadratic q = new EigenQuadratic(new double[] {1, 0.5}, new double[] {0.3, -0.2}, 0);
    double[] theta = q.offset();
    int reps = 60;
    double[] values = new double[reps];
    double seSum = 0;
    for (int r = 0; r < reps; r++) {
      LocalEntropyEstimator.Estimate e = LocalEntropyEstimator.monteCarlo(u -> q.lossAt(minus(u, theta)), theta, 1.0, 2000, new Random(r));
      values[r] = e.value();
      seSum += e.standardError();
    }
    double mean = 0;
    for (double v : values) {
      mean += v / reps;
    }
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean) / (reps - 1);
    }
    double ratio = Math.sqrt(var) / (seSum / reps);
    assertTrue(ratio > 0.67 && ratio < 1.5, "spread/se = " + ratio);
  }

  private static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  @Test
  void sgldMeanAgreesWithClosedFormGibbsMean() {
    Random rng = new Random(5);
    int p = 4;
    EigenQuadratic q = new EigenQuadratic(new double[] {3, 1, 0.2, 0}, new double[] {1, -2, 0.5, 1.5}, 0);
    DMatrixRMaj rot = DenseQuadratic.randomRotation(p, rng);
    double[] c = {0.5, -0.5, 1, 0};
    DenseQuadratic dense = DenseQuadratic.rotated(q, rot, c);
    double[] theta = DenseQuadratic.theta(q, rot, c);
    double gamma = 1.0;
    double[] exact = dense.gibbsMean(theta, gamma); // (A + gamma I)^-1 (A c + gamma theta)
    SgldEstimator.Result r = new SgldEstimator(0.02, 2000, 200_000).estimateMean(dense::gradient, theta, gamma, new Random(9));
    for (int i = 0; i < p; i++) {
      double z = Math.abs(r.mean()[i] - exact[i]) / r.standardError()[i];
      assertTrue(z < 4.5, "coordinate " + i + ": " + r.mean()[i] + " +- " + r.standardError()[i] + " vs " + exact[i]);
      assertTrue(r.standardError()[i] < 0.05, "se too large to be a test: " + r.standardError()[i]);
    }
    // and the estimate is far from theta itself, so the comparison has power
    double dist = 0;
    for (int i = 0; i < p; i++) {
      dist += (exact[i] - theta[i]) * (exact[i] - theta[i]);
    }
    assertTrue(Math.sqrt(dist) > 1);
  }
}
