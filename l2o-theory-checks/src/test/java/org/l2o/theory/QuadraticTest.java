package org.l2o.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The O(p) eigenbasis computations against dense ones on a randomly rotated A, and the closed forms against quadrature. */
class QuadraticTest {

  private static double rel(double a) {
    return 1e-9 * Math.max(1, Math.abs(a));
  }

  @Test
  void eigenbasisAgreesWithDenseComputationUnderRandomRotation() {
    Random rng = new Random(7);
    for (int trial = 0; trial < 5; trial++) {
      int p = 3 + rng.nextInt(10);
      double[] eig = new double[p];
      double[] d = new double[p];
      for (int i = 0; i < p; i++) {
        eig[i] = i % 3 == 0 ? 0.0 : Math.exp(4 * rng.nextGaussian()); // singular and ill-conditioned
        d[i] = rng.nextGaussian();
      }
      EigenQuadratic q = new EigenQuadratic(eig, d, 0.3);
      DMatrixRMaj rot = DenseQuadratic.randomRotation(p, rng);
      double[] c = new double[p];
      for (int i = 0; i < p; i++) {
        c[i] = rng.nextGaussian();
      }
      DenseQuadratic dense = DenseQuadratic.rotated(q, rot, c);
      double[] theta = DenseQuadratic.theta(q, rot, c);
      double gamma = 0.5;
      assertEquals(q.loss(), dense.loss(theta), rel(q.loss()));
      double gn = 0;
      for (double g : dense.gradient(theta)) {
        gn += g * g;
      }
      assertEquals(q.gradientNorm(), Math.sqrt(gn), rel(q.gradientNorm()));
      assertEquals(q.hessianNorm(), dense.hessianNorm(), 1e-8 * q.hessianNorm());
      assertEquals(q.localEntropy(gamma), dense.localEntropy(theta, gamma), rel(q.localEntropy(gamma)));
      // E[theta'] - c rotated back equals the eigen-coordinate closed form
      double[] mean = dense.gibbsMean(theta, gamma);
      double[] mu = q.gibbsMeanOffset(gamma);
      double[] expected = DenseQuadratic.theta(new EigenQuadratic(eig, mu, 0), rot, c);
      assertArrayEquals(expected, mean, 1e-8);
      // and Theorem 1 gives the same verdict from dense quantities
      Theorem1Result fromEigen = Theorem1.evaluate(q, gamma, 1.0, Lipschitz.POINTWISE);
      Theorem1.Inputs denseInputs = new Theorem1.Inputs(p, gamma, 1.0, Lipschitz.POINTWISE, Math.sqrt(gn), 0,
          dense.loss(theta), dense.localEntropy(theta, gamma) + dense.loss(theta), dense.hessianNorm(), Math.sqrt(gn));
      Theorem1Result fromDense = Theorem1.evaluate(denseInputs, Theorem1.FarField.of(gamma, p, 1.0));
      assertEquals(fromEigen.margin(), fromDense.margin(), 1e-7);
      assertEquals(fromEigen.correctedMargin(), fromDense.correctedMargin(), 1e-7);
      assertEquals(fromEigen.holds(), fromDense.holds());
    }
  }

  @Test
  void closedFormLocalEntropyMatchesQuadratureInOneDimension() {
    double a = 3.0;
    double d = 0.7;
    double l0 = 0.2;
    double gamma = 2.0;
    EigenQuadratic q = new EigenQuadratic(new double[] {a}, new double[] {d}, l0);
    // integrate over u = theta' - theta with the trapezoid rule on [-12, 12]
    double h = 1e-4;
    double sum = 0;
    for (double u = -12; u <= 12; u += h) {
      double x = d + u;
      sum += Math.exp(-(0.5 * a * x * x + l0) - 0.5 * gamma * u * u) * h;
    }
    assertEquals(Math.log(sum), q.localEntropy(gamma), 1e-8);
  }

  @Test
  void ballLipschitzConstantIsTheSupremumOfTheGradientNormOnTheBall() {
    Random rng = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      int p = 1 + rng.nextInt(6);
      double[] eig = new double[p];
      double[] d = new double[p];
      for (int i = 0; i < p; i++) {
        eig[i] = rng.nextInt(4) == 0 ? 0 : Math.exp(rng.nextGaussian());
        d[i] = rng.nextInt(3) == 0 ? 0 : rng.nextGaussian();
      }
      double m = Math.exp(rng.nextGaussian());
      EigenQuadratic q = new EigenQuadratic(eig, d, 0);
      double exact = q.lipschitzOnBall(m);
      double upper = q.gradientNorm() + m * q.hessianNorm();
      assertTrue(exact <= upper * (1 + 1e-12), "exceeds triangle bound");
      assertTrue(exact >= q.gradientNorm() * (1 - 1e-12), "below the gradient norm at the centre");
      // a lower bound by search: best of random points on the sphere of radius m, refined by projected ascent
      double[] g = q.gradient();
      double best = 0;
      double step = 1 / Math.max(1e-300, q.hessianNorm() * q.hessianNorm());
      for (int s = 0; s < 200; s++) {
        double[] u = new double[p];
        double n = 0;
        for (int i = 0; i < p; i++) {
          u[i] = rng.nextGaussian();
          n += u[i] * u[i];
        }
        n = Math.sqrt(n);
        for (int i = 0; i < p; i++) {
          u[i] *= m / n;
        }
        for (int it = 0; it < 500; it++) { // ascent on ||g + Au||^2: step 1/lambda_max^2 along A(g + Au), project to the sphere
          double nn = 0;
          for (int i = 0; i < p; i++) {
            u[i] += step * eig[i] * (g[i] + eig[i] * u[i]);
            nn += u[i] * u[i];
          }
          nn = Math.sqrt(nn);
          for (int i = 0; i < p; i++) {
            u[i] *= nn == 0 ? 1 : m / nn;
          }
        }
        double v = 0;
        for (int i = 0; i < p; i++) {
          double gi = g[i] + eig[i] * u[i];
          v += gi * gi;
        }
        best = Math.max(best, Math.sqrt(v));
      }
      assertTrue(best <= exact * (1 + 1e-9), "search found " + best + " > exact " + exact);
      assertEquals(exact, best, 1e-4 * Math.max(1, exact), "search should come close to the supremum");
    }
  }

  @Test
  void ballLipschitzConstantInClosedFormCases() {
    // gradient along the top eigenvector: sup = |g| + m lambda_max
    EigenQuadratic aligned = new EigenQuadratic(new double[] {4, 1}, new double[] {0.5, 0}, 0);
    assertEquals(2 + 0.3 * 4, aligned.lipschitzOnBall(0.3), 1e-9);
    // at the minimizer (hard case): sup = m lambda_max
    EigenQuadratic centred = new EigenQuadratic(new double[] {4, 1}, new double[] {0, 0}, 0);
    assertEquals(0.3 * 4, centred.lipschitzOnBall(0.3), 1e-12);
  }

  @Test
  void rejectsIndefiniteOrNegativeInput() {
    assertThrows(IllegalArgumentException.class, () -> new EigenQuadratic(new double[] {-1}, new double[] {0}, 0));
    assertThrows(IllegalArgumentException.class, () -> new EigenQuadratic(new double[] {1}, new double[] {0}, -1));
    assertThrows(IllegalArgumentException.class, () -> new EigenQuadratic(new double[] {1, 2}, new double[] {0}, 0));
  }
}
