package org.l2o.api;

import java.util.List;
import java.util.Map;

/**
 * What every plugin kind shares: a stable name, a one-line description, and typed
 * hyperparameters with defaults, so that tools can list and configure any plugin without
 * knowing its class.
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader} and must have a public
 * no-argument constructor. A plugin object is a stateless factory: it may be shared between
 * threads and runs; state lives in the objects it creates.
 */
public interface Plugin {

    /** The stable name users type, e.g. {@code "adam"}; lower-case words joined by '-'. */
    String name();

    /** One line that says what the plugin is, with its paper where it has one. */
    String description();

    /** The hyperparameters this plugin accepts, with their defaults; empty when none. */
    default List<HyperParameter<?>> hyperParameters() {
        return List.of();
    }

    /** Extra facts worth listing (for example the parameter layout of an optimizee). */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** This plugin's hyperparameters at their defaults. */
    default HyperParameters defaults() {
        return HyperParameters.parse(this, Map.of());
    }
}
