package org.l2o.optimizees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.api.Batch;
import org.l2o.api.DataSpec;
import org.l2o.api.LabeledData;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;
import org.l2o.optimizees.nets.NetOptimizee;

/** Initialization, loss at init, accuracy, and the input-shape checks of the network optimizees. */
class NetObjectiveTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Batch batch(DataSpec spec, int n, long seed) {
        return TestSupport.prototypes(spec, n, 0.2, seed).range(manager, 0, n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp-sigmoid", "mlp-relu", "mlp-deeper", "conv-mnist", "conv-large-mnist", "conv-cifar",
        "conv-small"})
    void initialLossIsNearLogTenAndParametersFollowTheLayout(String name) {
        NetOptimizee plugin = (NetOptimizee) TestSupport.plugin(name);
        Objective objective = plugin.create(plugin.defaults(), plugin.defaultData());
        NDList params = objective.initialize(manager, 7);
        assertEquals(objective.parameters().size(), params.size());
        for (int i = 0; i < params.size(); i++) {
            assertEquals(objective.parameters().get(i).shape(), params.get(i).getShape());
            assertEquals(objective.parameters().get(i).name(), params.get(i).getName());
        }
        double loss = TestSupport.lossValue(objective, params, batch(plugin.defaultData(), 64, 1));
        // MLPs start with N(0, 0.01²) weights: logits within ~0.01 of zero. The CNNs' fan-in scaled
        // weights give logits of order 0.1-1, so cross-entropy sits a little above log 10.
        double tolerance = name.startsWith("mlp") ? 0.01 : 0.5;
        assertEquals(Math.log(10), loss, tolerance, name);
        double accuracy = objective.accuracy(params, batch(plugin.defaultData(), 64, 1));
        assertTrue(accuracy >= 0 && accuracy <= 1, name + " accuracy " + accuracy);
    }

    @Test
    void equalSeedsGiveEqualParametersAndOthersDiffer() {
        Optimizee plugin = TestSupport.plugin("conv-small");
        Objective objective = plugin.create(plugin.defaults(), new DataSpec(new Shape(1, 28, 28), 10));
        NDList a = objective.initialize(manager, 11);
        NDList b = objective.initialize(manager, 11);
        NDList c = objective.initialize(manager, 12);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray());
        }
        assertTrue(!java.util.Arrays.equals(a.get(0).toFloatArray(), c.get(0).toFloatArray()));
    }

    @Test
    void mlpSigmoidInitialWeightsHaveStdDevPointZeroOne() {
        Optimizee plugin = TestSupport.plugin("mlp-sigmoid");
        Objective objective = plugin.create(plugin.defaults(), new DataSpec(new Shape(1, 28, 28), 10));
        float[] w = objective.initialize(manager, 5).get(0).toFloatArray();
        double sum = 0;
        double sq = 0;
        for (float v : w) {
            sum += v;
            sq += v * v;
        }
        double mean = sum / w.length;
        double std = Math.sqrt(sq / w.length - mean * mean);
        assertEquals(0, mean, 0.0005);
        assertEquals(0.01, std, 0.0005);
    }

    @Test
    void accuracyCountsArgmaxHits() {
        // A 2-feature, 2-class "MLP" with hidden width 2, weights set by hand so the class is the larger input.
        Optimizee plugin = TestSupport.plugin("mlp-relu");
        Objective objective = plugin.create(plugin.defaults().with(plugin.hyperParameters(), java.util.Map.of("hidden", 2)),
                new DataSpec(new Shape(2), 2));
        NDList params = new NDList(
                manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)), manager.create(new float[] {0, 0}),
                manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)), manager.create(new float[] {0, 0}));
        NDArray x = manager.create(new float[] {2, 1, 0, 3, 5, 4, 1, 2}, new Shape(4, 2));
        NDArray y = manager.create(new int[] {0, 1, 1, 1});
        assertEquals(0.75, objective.accuracy(params, new Batch(x, y)), 1e-12);
    }

    @Test
    void mlpFlattensAnySampleShapeWithTheRightFeatureCount() {
        Optimizee plugin = TestSupport.plugin("mlp-relu");
        Objective flat = plugin.create(plugin.defaults(), new DataSpec(new Shape(784), 10));
        Objective image = plugin.create(plugin.defaults(), new DataSpec(new Shape(1, 28, 28), 10));
        NDList params = flat.initialize(manager, 3);
        Batch images = batch(new DataSpec(new Shape(1, 28, 28), 10), 8, 2);
        Batch rows = new Batch(images.inputs().reshape(8, 784), images.labels());
        assertEquals(TestSupport.lossValue(flat, params, rows), TestSupport.lossValue(image, params, images), 1e-6);
        Objective cifar = plugin.create(plugin.defaults(), new DataSpec(new Shape(3, 32, 32), 10));
        assertEquals(new Shape(20, 3072), cifar.parameters().get(0).shape());
    }

    @Test
    void convolutionsRejectTheWrongChannelsOrRankNamingBothShapes() {
        Optimizee mnist = TestSupport.plugin("conv-mnist");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mnist.create(mnist.defaults(), new DataSpec(new Shape(3, 32, 32), 10)));
        assertTrue(e.getMessage().contains("conv-mnist") && e.getMessage().contains("(1, H, W)")
                && e.getMessage().contains("(3, 32, 32)"), e.getMessage());
        Optimizee cifar = TestSupport.plugin("conv-cifar");
        e = assertThrows(IllegalArgumentException.class,
                () -> cifar.create(cifar.defaults(), new DataSpec(new Shape(1, 28, 28), 10)));
        assertTrue(e.getMessage().contains("conv-cifar") && e.getMessage().contains("(3, H, W)")
                && e.getMessage().contains("(1, 28, 28)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> mnist.create(mnist.defaults(), new DataSpec(new Shape(784), 10)));
        assertThrows(IllegalArgumentException.class,
                () -> mnist.create(mnist.defaults(), new DataSpec(new Shape(1, 3, 28), 10)));
        e = assertThrows(IllegalArgumentException.class, () -> mnist.create(mnist.defaults(), DataSpec.NONE));
        assertTrue(e.getMessage().contains("conv-mnist"), e.getMessage());
    }

    @Test
    void aBatchOfTheWrongShapeIsRejectedNamingBothShapes() {
        Optimizee plugin = TestSupport.plugin("mlp-sigmoid");
        Objective objective = plugin.create(plugin.defaults(), new DataSpec(new Shape(1, 28, 28), 10));
        NDList params = objective.initialize(manager, 1);
        Batch wrong = batch(new DataSpec(new Shape(3, 32, 32), 10), 4, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> objective.loss(params, wrong));
        assertTrue(e.getMessage().contains("mlp-sigmoid") && e.getMessage().contains("(batch, 1, 28, 28)")
                && e.getMessage().contains("(4, 3, 32, 32)"), e.getMessage());
        Optimizee conv = TestSupport.plugin("conv-mnist");
        Objective convObjective = conv.create(conv.defaults(), new DataSpec(new Shape(1, 28, 28), 10));
        NDList convParams = convObjective.initialize(manager, 1);
        Batch flat = batch(new DataSpec(new Shape(784), 10), 4, 1);
        e = assertThrows(IllegalArgumentException.class, () -> convObjective.loss(convParams, flat));
        assertTrue(e.getMessage().contains("conv-mnist") && e.getMessage().contains("(4, 784)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> objective.loss(convParams, wrong));
        assertTrue(e.getMessage().contains("parameter"), e.getMessage());
    }

    @Test
    void convolutionsAcceptOtherImageSizesAndSizeTheirDenseLayer() {
        Optimizee conv = TestSupport.plugin("conv-cifar");
        Objective objective = conv.create(conv.defaults(), new DataSpec(new Shape(3, 20, 12), 4));
        // 20x12 -> pool -> 10x6 -> pool -> 5x3, 32 channels
        assertEquals(new Shape(4, 32 * 5 * 3), objective.parameters().get(4).shape());
        LabeledData data = TestSupport.prototypes(new DataSpec(new Shape(3, 20, 12), 4), 8, 0.1, 4);
        double loss = TestSupport.lossValue(objective, objective.initialize(manager, 2), data.range(manager, 0, 8));
        assertTrue(Double.isFinite(loss));
    }
}
