package org.l2o.cli.inject;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.Dataset;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.api.Plugin;
import org.l2o.api.Regularizer;
import org.l2o.api.plugin.DiscoveredPlugin;
import org.l2o.api.plugin.PluginDiscovery;
import org.l2o.api.plugin.PluginKind;
import org.l2o.api.plugin.PluginLoadFailure;

/**
 * Binds every plugin that {@link PluginDiscovery} found into one {@link MapBinder} per kind,
 * keyed by plugin name, so that commands look plugins up by name and never switch on names.
 * Two plugins of one kind with the same name fail here, naming both classes and jars.
 */
public final class PluginModule extends AbstractModule {

    private final PluginDiscovery.Result discovered;

    public PluginModule(PluginDiscovery.Result discovered) {
        this.discovered = discovered;
    }

    /** Discovers the plugins visible to {@code loader}. */
    public static PluginModule discover(ClassLoader loader) {
        return new PluginModule(PluginDiscovery.discover(loader));
    }

    @Override
    protected void configure() {
        checkUniqueNames(discovered.plugins());
        MapBinder<String, Optimizer> optimizers = MapBinder.newMapBinder(binder(), String.class, Optimizer.class);
        MapBinder<String, Regularizer> regularizers =
                MapBinder.newMapBinder(binder(), String.class, Regularizer.class);
        MapBinder<String, Optimizee> optimizees = MapBinder.newMapBinder(binder(), String.class, Optimizee.class);
        MapBinder<String, Dataset> datasets = MapBinder.newMapBinder(binder(), String.class, Dataset.class);
        Map<PluginKind, MapBinder<String, ? extends Plugin>> binders = Map.of(
                PluginKind.OPTIMIZER, optimizers,
                PluginKind.REGULARIZER, regularizers,
                PluginKind.OPTIMIZEE, optimizees,
                PluginKind.DATASET, datasets);
        for (DiscoveredPlugin d : discovered.plugins()) {
            bindInto(binders.get(d.kind()), d);
        }
        bind(new TypeLiteral<List<DiscoveredPlugin>>() {}).toInstance(discovered.plugins());
        bind(new TypeLiteral<List<PluginLoadFailure>>() {}).toInstance(discovered.failures());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Plugin> void bindInto(MapBinder<String, T> binder, DiscoveredPlugin d) {
        binder.addBinding(d.name()).toInstance((T) d.plugin());
    }

    private static void checkUniqueNames(List<DiscoveredPlugin> plugins) {
        Map<String, DiscoveredPlugin> seen = new HashMap<>();
        for (DiscoveredPlugin d : plugins) {
            DiscoveredPlugin before = seen.putIfAbsent(d.kind() + "/" + d.name(), d);
            if (before != null) {
                throw new PluginConflictException(before, d);
            }
        }
    }
}
