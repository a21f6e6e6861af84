package org.l2o.cli.inject;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.l2o.api.Dataset;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.api.Plugin;
import org.l2o.api.Regularizer;
import org.l2o.api.plugin.DiscoveredPlugin;
import org.l2o.api.plugin.PluginKind;
import org.l2o.api.plugin.PluginLoadFailure;

/** The plugins bound by {@link PluginModule}, looked up by name with errors that list the choices. */
@Singleton
public final class PluginRegistry {

    private final Map<String, Optimizer> optimizers;
    private final Map<String, Regularizer> regularizers;
    private final Map<String, Optimizee> optimizees;
    private final Map<String, Dataset> datasets;
    private final List<DiscoveredPlugin> discovered;
    private final List<PluginLoadFailure> failures;

    @Inject
    public PluginRegistry(
            Map<String, Optimizer> optimizers,
            Map<String, Regularizer> regularizers,
            Map<String, Optimizee> optimizees,
            Map<String, Dataset> datasets,
            List<DiscoveredPlugin> discovered,
            List<PluginLoadFailure> failures) {
        this.optimizers = new TreeMap<>(optimizers);
        this.regularizers = new TreeMap<>(regularizers);
        this.optimizees = new TreeMap<>(optimizees);
        this.datasets = new TreeMap<>(datasets);
        this.discovered = discovered;
        this.failures = failures;
    }

    public Optimizer optimizer(String name) {
        return lookup(PluginKind.OPTIMIZER, optimizers, name);
    }

    public Regularizer regularizer(String name) {
        return lookup(PluginKind.REGULARIZER, regularizers, name);
    }

    public Optimizee optimizee(String name) {
        return lookup(PluginKind.OPTIMIZEE, optimizees, name);
    }

    public Dataset dataset(String name) {
        return lookup(PluginKind.DATASET, datasets, name);
    }

    /** Names of one kind, sorted. */
    public List<String> names(PluginKind kind) {
        return List.copyOf(switch (kind) {
            case OPTIMIZER -> optimizers.keySet();
            case REGULARIZER -> regularizers.keySet();
            case OPTIMIZEE -> optimizees.keySet();
            case DATASET -> datasets.keySet();
        });
    }

    /** Every plugin with its kind and source, in discovery order. */
    public List<DiscoveredPlugin> discovered() {
        return discovered;
    }

    /** Providers that failed to load. */
    public List<PluginLoadFailure> failures() {
        return failures;
    }

    private static <T extends Plugin> T lookup(PluginKind kind, Map<String, T> byName, String name) {
        T plugin = byName.get(name);
        if (plugin == null) {
            throw new UnknownPluginException(kind, name, byName.keySet());
        }
        return plugin;
    }
}
