package org.l2o.optimizees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.l2o.api.Objective;
import org.l2o.api.Optimizee;
import org.l2o.api.plugin.PluginDiscovery;
import org.l2o.api.plugin.PluginKind;
import org.l2o.optimizees.nets.NetOptimizee;

/** Discovery through ServiceLoader, names, and the documented parameter counts and layouts. */
class OptimizeeCatalogTest {

    @Test
    void serviceLoaderFindsEveryOptimizee() {
        assertEquals(Set.of("mlp-sigmoid", "mlp-relu", "mlp-deeper", "conv-mnist", "conv-large-mnist", "conv-cifar",
                "conv-small", "quadratic"), TestSupport.plugins().keySet());
        PluginDiscovery.Result result = PluginDiscovery.discover(getClass().getClassLoader());
        assertTrue(result.failures().isEmpty(), () -> "load failures: " + result.failures());
        long found = result.plugins().stream().filter(p -> p.kind() == PluginKind.OPTIMIZEE).count();
        assertEquals(8, found);
    }

    @Test
    void onlyTheQuadraticNeedsNoData() {
        TestSupport.plugins().forEach((name, p) -> assertEquals(!name.equals("quadratic"), p.needsData(), name));
    }

    /** Counts worked out by hand from the architectures on the default data. */
    @ParameterizedTest
    @CsvSource({
        "mlp-sigmoid, 15910, 'fc1.weight:20x784,fc1.bias:20,fc2.weight:10x20,fc2.bias:10'",
        "mlp-relu, 15910, 'fc1.weight:20x784,fc1.bias:20,fc2.weight:10x20,fc2.bias:10'",
        "mlp-deeper, 16330, 'fc1.weight:20x784,fc1.bias:20,fc2.weight:20x20,fc2.bias:20,fc3.weight:10x20,fc3.bias:10'",
        "conv-mnist, 28682, 'conv1.weight:16x1x3x3,conv1.bias:16,conv2.weight:32x16x5x5,conv2.bias:32,"
                + "fc.weight:10x1568,fc.bias:10'",
        "conv-large-mnist, 76522, 'conv1.weight:32x1x3x3,conv1.bias:32,conv2.weight:32x32x3x3,conv2.bias:32,"
                + "conv3.weight:32x32x5x5,conv3.bias:32,conv4.weight:32x32x5x5,conv4.bias:32,"
                + "fc.weight:10x1568,fc.bias:10'",
        "conv-cifar, 33770, 'conv1.weight:16x3x3x3,conv1.bias:16,conv2.weight:32x16x5x5,conv2.bias:32,"
                + "fc.weight:10x2048,fc.bias:10'",
        "conv-small, 5618, 'conv1.weight:8x1x3x3,conv1.bias:8,conv2.weight:8x8x5x5,conv2.bias:8,"
                + "fc.weight:10x392,fc.bias:10'",
    })
    void layoutAndCountOnDefaultData(String name, long count, String layout) {
        NetOptimizee plugin = (NetOptimizee) TestSupport.plugin(name);
        Objective objective = plugin.create(plugin.defaults(), plugin.defaultData());
        StringBuilder sb = new StringBuilder();
        for (Objective.ParameterSpec spec : objective.parameters()) {
            long[] dims = spec.shape().getShape();
            sb.append(sb.length() == 0 ? "" : ",").append(spec.name()).append(':');
            for (int i = 0; i < dims.length; i++) {
                sb.append(i == 0 ? "" : "x").append(dims[i]);
            }
        }
        assertEquals(layout, sb.toString());
        assertEquals(count, objective.parameterCount());
        Map<String, Object> details = plugin.details();
        assertEquals(count, details.get("parameterCount"));
        assertEquals(objective.parameters().size(), ((List<?>) details.get("layout")).size());
    }

    @Test
    void quadraticDetailsFollowItsDefaultDimension() {
        Optimizee q = TestSupport.plugin("quadratic");
        assertEquals(10L, q.details().get("parameterCount"));
        assertFalse(q.description().isBlank());
    }

    @Test
    void pluginNamesAreStableLowerCaseWords() {
        TestSupport.plugins().forEach((name, p) -> {
            assertTrue(name.matches("[a-z0-9]+(-[a-z0-9]+)*"), name);
            assertFalse(p.description().isBlank(), name);
            p.defaults(); // every default passes its own range check
        });
    }
}
