package org.l2o.regularizers.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.l2o.api.CurvatureOracle;

/** Helpers to build points and to hide an oracle's optional capabilities. */
public final class Oracles {

    private Oracles() {}

    /** One float64 vector θ. */
    public static NDList vector(NDManager manager, double[] values) {
        return new NDList(manager.create(values));
    }

    /** The same list converted to float64. */
    public static NDList toDouble(NDList list) {
        NDList out = new NDList();
        for (NDArray x : list) {
            out.add(x.toType(DataType.FLOAT64, true));
        }
        return out;
    }

    /** θ + h·d for flat d, with θ's layout. */
    public static NDList shifted(NDManager manager, NDList theta, double h, double[] d) {
        NDList out = new NDList();
        int offset = 0;
        for (NDArray x : theta) {
            double[] values = x.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                values[i] += h * d[offset + i];
            }
            offset += values.length;
            out.add(manager.create(values, x.getShape()).toType(x.getDataType(), false));
        }
        return out;
    }

    /** A flat vector as a list with θ's layout. */
    public static NDList unflatten(NDManager manager, NDList like, double[] d) {
        NDList out = new NDList();
        int offset = 0;
        for (NDArray x : like) {
            double[] part = new double[Math.toIntExact(x.size())];
            System.arraycopy(d, offset, part, 0, part.length);
            offset += part.length;
            out.add(manager.create(part, x.getShape()).toType(x.getDataType(), false));
        }
        return out;
    }

    /** Forwards the plain {@link CurvatureOracle} methods only, so generic code paths get tested. */
    public static CurvatureOracle plain(CurvatureOracle o) {
        return new CurvatureOracle() {
            @Override
            public NDManager manager() {
                return o.manager();
            }

            @Override
            public NDList point() {
                return o.point();
            }

            @Override
            public long dimension() {
                return o.dimension();
            }

            @Override
            public double loss() {
                return o.loss();
            }

            @Override
            public NDList gradient() {
                return o.gradient();
            }

            @Override
            public NDList hessianVectorProduct(NDList v) {
                return o.hessianVectorProduct(v);
            }

            @Override
            public double lossAt(NDList theta) {
                return o.lossAt(theta);
            }

            @Override
            public NDList gradientAt(NDList theta) {
                return o.gradientAt(theta);
            }
        };
    }
}
