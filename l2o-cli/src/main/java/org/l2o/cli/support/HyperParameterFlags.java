package org.l2o.cli.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Plugin;

/**
 * Hyperparameter flags that commands do not declare themselves: {@code --lr 0.1},
 * {@code --lr=0.1}, or with the role spelled out, {@code --optimizer.lr=0.1}. Each flag goes to the
 * one chosen plugin that declares it; a flag that none or several declare is an error that names
 * the flag and lists what each plugin accepts.
 */
public final class HyperParameterFlags {

    private final Map<String, Plugin> roles = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> given = new LinkedHashMap<>();

    /**
     * @param roles the chosen plugins by role, e.g. {@code optimizer -> sgd}, in priority order
     */
    public HyperParameterFlags(Map<String, ? extends Plugin> roles) {
        this.roles.putAll(roles);
        roles.keySet().forEach(r -> given.put(r, new LinkedHashMap<>()));
    }

    /**
     * Assigns the unmatched command-line words to the plugins.
     *
     * @throws IllegalArgumentException for a word that is not a flag, a flag without a value, or a
     *     flag no plugin (or more than one) declares
     */
    public HyperParameterFlags parse(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + word + "'");
            }
            String flag = word.substring(2);
            String value;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException("option '--" + flag + "' needs a value");
            }
            assign(flag, value);
        }
        return this;
    }

    private void assign(String flag, String value) {
        int dot = flag.indexOf('.');
        if (dot > 0 && roles.containsKey(flag.substring(0, dot))) {
            String role = flag.substring(0, dot);
            String name = flag.substring(dot + 1);
            if (!declares(roles.get(role), name)) {
                throw new IllegalArgumentException("unknown option '--" + flag + "'; " + describe(role));
            }
            given.get(role).put(name, value);
            return;
        }
        List<String> owners = new ArrayList<>();
        roles.forEach((role, plugin) -> {
            if (declares(plugin, flag)) {
                owners.add(role);
            }
        });
        if (owners.isEmpty()) {
            List<String> lists = new ArrayList<>();
            roles.keySet().forEach(r -> lists.add(describe(r)));
            throw new IllegalArgumentException("unknown option '--" + flag + "'; " + String.join("; ", lists));
        }
        if (owners.size() > 1) {
            throw new IllegalArgumentException("option '--" + flag + "' is a hyperparameter of several plugins ("
                    + String.join(", ", owners) + "); write it as --" + owners.get(0) + "." + flag + "=VALUE");
        }
        given.get(owners.get(0)).put(flag, value);
    }

    /** The parsed values of the plugin in {@code role}, defaults filled in. */
    public HyperParameters of(String role) {
        Plugin plugin = roles.get(role);
        if (plugin == null) {
            throw new IllegalArgumentException("no plugin in role '" + role + "'");
        }
        return HyperParameters.parse(plugin, given.get(role));
    }

    private static boolean declares(Plugin plugin, String name) {
        return plugin.hyperParameters().stream().anyMatch(h -> h.name().equals(name));
    }

    private String describe(String role) {
        Plugin p = roles.get(role);
        List<String> names = p.hyperParameters().stream().map(HyperParameter::name).toList();
        return role + " '" + p.name() + "' accepts " + (names.isEmpty() ? "no hyperparameters" : "--" + String.join(", --", names));
    }
}
