package org.l2o.cli.inject;

import java.util.Collection;
import org.l2o.api.plugin.PluginKind;

/** A plugin name that no discovered plugin of that kind has; the message lists the known names. */
public class UnknownPluginException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownPluginException(PluginKind kind, String name, Collection<String> known) {
        super("unknown " + kind.label() + " '" + name + "'; available: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
