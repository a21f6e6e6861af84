package org.l2o.regularizers.testing;

import java.util.Random;

/** Small dense linear algebra for test oracles. */
public final class Dense {

    private Dense() {}

    public static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** Solves Ax = b by Gaussian elimination with partial pivoting. */
    public static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = new double[n + 1];
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= n; k++) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    /** A random orthogonal matrix by Gram–Schmidt on Gaussian columns (columns are the basis). */
    public static double[][] randomOrthogonal(int p, Random random) {
        double[][] q = new double[p][p];
        for (int j = 0; j < p; j++) {
            double[] v = new double[p];
            for (int i = 0; i < p; i++) {
                v[i] = random.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double d = 0;
                for (int i = 0; i < p; i++) {
                    d += v[i] * q[i][k];
                }
                for (int i = 0; i < p; i++) {
                    v[i] -= d * q[i][k];
                }
            }
            double n = 0;
            for (double x : v) {
                n += x * x;
            }
            n = Math.sqrt(n);
            for (int i = 0; i < p; i++) {
                q[i][j] = v[i] / n;
            }
        }
        return q;
    }

    public static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    public static double norm(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    public static double relativeError(double[] actual, double[] expected) {
        double num = 0;
        for (int i = 0; i < actual.length; i++) {
            num += (actual[i] - expected[i]) * (actual[i] - expected[i]);
        }
        return Math.sqrt(num) / Math.max(norm(expected), 1e-300);
    }

    public static double multiplyDot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
