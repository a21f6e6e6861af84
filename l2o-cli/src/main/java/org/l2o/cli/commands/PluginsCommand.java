package org.l2o.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.api.HyperParameter;
import org.l2o.api.plugin.DiscoveredPlugin;
import org.l2o.api.plugin.PluginKind;
import org.l2o.api.plugin.PluginLoadFailure;
import org.l2o.cli.GlobalOptions;
import org.l2o.cli.inject.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code l2o plugins}: every discovered plugin by kind, with its hyperparameters and jar. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every discovered plugin: kind, name, description, hyperparameters and the jar it came from.")
public final class PluginsCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PluginRegistry registry = global.registry();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(asJson(registry)));
        } else {
            printTable(registry, out);
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> asJson(PluginRegistry registry) {
        List<Object> plugins = new ArrayList<>();
        for (DiscoveredPlugin d : registry.discovered()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", d.kind().label());
            p.put("name", d.name());
            p.put("description", d.plugin().description());
            List<Object> hps = new ArrayList<>();
            for (HyperParameter<?> h : d.plugin().hyperParameters()) {
                Map<String, Object> hp = new LinkedHashMap<>();
                hp.put("name", h.name());
                hp.put("type", h.type().label());
                hp.put("default", h.defaultValue());
                if (h.min() != null || h.max() != null) {
                    hp.put("range", h.rangeText());
                }
                hp.put("description", h.description());
                hps.add(hp);
            }
            p.put("hyperParameters", hps);
            if (!d.plugin().details().isEmpty()) {
                p.put("details", d.plugin().details());
            }
            p.put("source", d.source());
            plugins.add(p);
        }
        List<Object> failures = new ArrayList<>();
        for (PluginLoadFailure f : registry.failures()) {
            failures.add(Map.of("kind", f.kind().label(), "declaration", f.declaration(),
                    "source", f.source(), "reason", f.reason()));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("plugins", plugins);
        root.put("failures", failures);
        return root;
    }

    private static void printTable(PluginRegistry registry, PrintWriter out) {
        for (PluginKind kind : PluginKind.values()) {
            out.println(kind.label().toUpperCase(java.util.Locale.ROOT) + "S");
            for (DiscoveredPlugin d : registry.discovered()) {
                if (d.kind() != kind) {
                    continue;
                }
                out.printf("  %-18s %s%n", d.name(), d.plugin().description());
                for (HyperParameter<?> h : d.plugin().hyperParameters()) {
                    out.printf("      --%-16s %-11s default %-10s %s%n", h.name(), h.type().label(),
                            h.defaultText(), h.description());
                }
                out.printf("      from %s%n", d.source());
            }
            out.println();
        }
        for (PluginLoadFailure f : registry.failures()) {
            out.println("FAILED: " + f);
        }
    }
}
