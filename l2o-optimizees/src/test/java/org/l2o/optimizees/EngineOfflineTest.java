package org.l2o.optimizees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads from the Maven Central natives, with no network, and does autograd. */
class EngineOfflineTest {

    @Test
    void pytorchEngineRunsOfflineWithAutograd() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run DJL offline");
        Engine engine = Engine.getInstance();
        assertEquals("PyTorch", engine.getEngineName());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray y = x.mul(x).sum();
                collector.backward(y);
            }
            assertArrayEquals(new float[] {2f, 4f, 6f}, x.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
