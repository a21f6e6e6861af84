package org.l2o.optimizees.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gather-based pooling equals PyTorch's max_pool2d(x, 2) in value and gradient. */
class MaxPool2x2Test {

    private static final Shape TWO = new Shape(2, 2);
    private static final Shape ZERO = new Shape(0, 0);

    @ParameterizedTest
    @CsvSource({"4, 3, 8, 8", "2, 2, 7, 5", "1, 1, 2, 2", "3, 4, 6, 3"})
    void matchesNativeMaxPoolInValueAndGradient(long b, long c, long h, long w) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(0, 1, new Shape(b, c, h, w), DataType.FLOAT64);
            // ties, which both break toward the first element of the window in row-major order
            x.set(new ai.djl.ndarray.index.NDIndex("0, 0, 0, 0:2"), 5.0);
            NDArray expected = x.getNDArrayInternal().maxPool(TWO, TWO, ZERO, false);
            NDArray pooled = MaxPool2x2.apply(x);
            assertEquals(expected.getShape(), pooled.getShape());
            assertArrayEquals(expected.toDoubleArray(), pooled.toDoubleArray(), 0);

            NDArray weights = manager.randomNormal(0, 1, expected.getShape(), DataType.FLOAT64);
            double[] nativeGradient = gradient(x, weights, true);
            double[] ourGradient = gradient(x, weights, false);
            assertArrayEquals(nativeGradient, ourGradient, 0);
        }
    }

    private static double[] gradient(NDArray x, NDArray weights, boolean nativePool) {
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = nativePool ? x.getNDArrayInternal().maxPool(TWO, TWO, ZERO, false) : MaxPool2x2.apply(x);
            collector.backward(y.mul(weights).sum());
        }
        try (NDArray g = x.getGradient()) {
            double[] out = g.toDoubleArray();
            g.subi(g);
            return out;
        }
    }
}
