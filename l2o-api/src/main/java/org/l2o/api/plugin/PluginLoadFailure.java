package org.l2o.api.plugin;

/**
 * A plugin that was declared in a {@code META-INF/services} file but could not be loaded.
 *
 * @param kind the kind it was declared as
 * @param declaration the provider class as declared (or the loader's description when unknown)
 * @param source the jar or folder that declares it, when known
 * @param reason why it failed
 */
public record PluginLoadFailure(PluginKind kind, String declaration, String source, String reason) {

    @Override
    public String toString() {
        return kind.label() + " plugin " + declaration + (source.isEmpty() ? "" : " from " + source)
                + " failed to load: " + reason;
    }
}
