package org.l2o.optimizees.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.l2o.api.Dataset;
import org.l2o.api.HyperParameter;
import org.l2o.api.plugin.DiscoveredPlugin;
import org.l2o.api.plugin.PluginDiscovery;
import org.l2o.api.plugin.PluginKind;

/** The four datasets are found through {@link ServiceLoader} with documented hyperparameters. */
class DatasetDiscoveryTest {

    @Test
    void serviceLoaderFindsTheFourDatasets() {
        Map<String, Dataset> byName = new TreeMap<>();
        for (Dataset d : ServiceLoader.load(Dataset.class)) {
            byName.put(d.name(), d);
        }
        assertTrue(byName.keySet().containsAll(java.util.List.of("cifar10", "fashion-mnist", "mnist", "synthetic")),
                byName.keySet().toString());
        for (Dataset d : byName.values()) {
            assertTrue(d.name().matches("[a-z0-9]+(-[a-z0-9]+)*"), d.name());
            assertFalse(d.description().isBlank(), d.name());
            for (HyperParameter<?> h : d.hyperParameters()) {
                assertFalse(h.description().isBlank(), d.name() + "." + h.name());
            }
            // Defaults must parse and pass their own ranges.
            assertEquals(d.hyperParameters().size(), d.defaults().asMap().size());
        }
    }

    @Test
    void pluginDiscoveryReportsThemAsDatasetsWithoutFailures() {
        PluginDiscovery.Result result = PluginDiscovery.discover(getClass().getClassLoader());
        assertTrue(result.failures().isEmpty(), result.failures().toString());
        long datasets = result.plugins().stream()
                .filter(p -> p.kind() == PluginKind.DATASET)
                .map(DiscoveredPlugin::plugin)
                .filter(p -> p.getClass().getPackageName().equals(MnistDataset.class.getPackageName()))
                .count();
        assertEquals(4, datasets);
    }
}
