package org.l2o.cli.inject;

import org.l2o.api.plugin.DiscoveredPlugin;

/** Two plugins of one kind claim the same name; the message names both classes and jars. */
public class PluginConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PluginConflictException(DiscoveredPlugin first, DiscoveredPlugin second) {
        super("two " + first.kind().label() + " plugins are named '" + first.name() + "': "
                + first.plugin().getClass().getName() + " from " + first.source() + " and "
                + second.plugin().getClass().getName() + " from " + second.source());
    }
}
