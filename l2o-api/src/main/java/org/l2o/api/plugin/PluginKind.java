package org.l2o.api.plugin;

import org.l2o.api.Dataset;
import org.l2o.api.Optimizee;
import org.l2o.api.Optimizer;
import org.l2o.api.Plugin;
import org.l2o.api.Regularizer;

/** The four kinds of plugin, each a {@link java.util.ServiceLoader} service interface. */
public enum PluginKind {
    OPTIMIZER("optimizer", Optimizer.class),
    REGULARIZER("regularizer", Regularizer.class),
    OPTIMIZEE("optimizee", Optimizee.class),
    DATASET("dataset", Dataset.class);

    private final String label;
    private final Class<? extends Plugin> service;

    PluginKind(String label, Class<? extends Plugin> service) {
        this.label = label;
        this.service = service;
    }

    /** The word used in messages and listings, e.g. {@code "optimizer"}. */
    public String label() {
        return label;
    }

    /** The service interface. */
    public Class<? extends Plugin> service() {
        return service;
    }
}
