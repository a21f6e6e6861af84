package org.l2o.api.plugin;

import org.l2o.api.Plugin;

/**
 * A plugin found on the class path, with where it came from.
 *
 * @param kind its kind
 * @param plugin the instance
 * @param source the jar or folder that holds its class
 */
public record DiscoveredPlugin(PluginKind kind, Plugin plugin, String source) {

    public String name() {
        return plugin.name();
    }
}
