package org.l2o.api.plugin;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.l2o.api.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins of every kind with {@link ServiceLoader}. A provider that fails to load is
 * recorded as a {@link PluginLoadFailure} and does not stop the others.
 */
public final class PluginDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);
    private static final Pattern PROVIDER = Pattern.compile("Provider ([\\w.$]+)");
    /** Guards against a loader whose iterator never advances past a broken entry. */
    private static final int MAX_FAILURES = 1000;

    /**
     * Everything found by one scan.
     *
     * @param plugins the loaded plugins, in class-path order
     * @param failures providers that could not be loaded
     */
    public record Result(List<DiscoveredPlugin> plugins, List<PluginLoadFailure> failures) {}

    private PluginDiscovery() {}

    /** Scans {@code loader} for all four kinds. */
    public static Result discover(ClassLoader loader) {
        List<DiscoveredPlugin> plugins = new ArrayList<>();
        List<PluginLoadFailure> failures = new ArrayList<>();
        for (PluginKind kind : PluginKind.values()) {
            scan(kind, loader, plugins, failures);
        }
        return new Result(List.copyOf(plugins), List.copyOf(failures));
    }

    private static void scan(
            PluginKind kind, ClassLoader loader, List<DiscoveredPlugin> plugins, List<PluginLoadFailure> failures) {
        Iterator<? extends Plugin> it = ServiceLoader.load(kind.service(), loader).iterator();
        int failed = 0;
        while (true) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                Plugin plugin = it.next();
                plugins.add(new DiscoveredPlugin(kind, plugin, sourceOf(plugin.getClass())));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                PluginLoadFailure failure = failureOf(kind, loader, e);
                LOG.warn("{}", failure);
                failures.add(failure);
                if (++failed >= MAX_FAILURES) {
                    return;
                }
            }
        }
    }

    private static PluginLoadFailure failureOf(PluginKind kind, ClassLoader loader, Throwable e) {
        String message = String.valueOf(e.getMessage());
        Matcher m = PROVIDER.matcher(message);
        String declaration = m.find() ? m.group(1) : message;
        String source = "";
        if (m.find(0)) {
            URL url = loader.getResource(declaration.replace('.', '/') + ".class");
            source = url == null ? "" : jarOf(url.toString());
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root == e ? message : root.getClass().getSimpleName() + ": " + root.getMessage();
        return new PluginLoadFailure(kind, declaration, source, reason);
    }

    /** The jar file or class folder a class was loaded from, or {@code "unknown"}. */
    public static String sourceOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        return code == null || code.getLocation() == null ? "unknown" : jarOf(code.getLocation().toString());
    }

    private static String jarOf(String url) {
        String s = url;
        if (s.startsWith("jar:")) {
            s = s.substring(4, s.indexOf("!/") > 0 ? s.indexOf("!/") : s.length());
        }
        return s.startsWith("file:") ? s.substring(5) : s;
    }
}
