package org.l2o.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values of one plugin's hyperparameters: every declared name has a value (given or the
 * default), and no undeclared name is present. Immutable.
 */
public final class HyperParameters {

    private final String owner;
    private final Map<String, Object> values;

    private HyperParameters(String owner, Map<String, Object> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Parses text values for a plugin's hyperparameters.
     *
     * @param plugin the plugin that declares the hyperparameters
     * @param given values by name, as typed by a user
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a bad value
     */
    public static HyperParameters parse(Plugin plugin, Map<String, String> given) {
        return parse(plugin.name(), plugin.hyperParameters(), given);
    }

    /** As {@link #parse(Plugin, Map)} for a declared list owned by {@code owner}. */
    public static HyperParameters parse(
            String owner, List<HyperParameter<?>> declared, Map<String, String> given) {
        Map<String, HyperParameter<?>> byName = new LinkedHashMap<>();
        declared.forEach(h -> byName.put(h.name(), h));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("unknown hyperparameter '" + name + "' for '" + owner
                        + "'; known: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (HyperParameter<?> h : declared) {
            String text = given.get(h.name());
            try {
                values.put(h.name(), text == null ? h.defaultValue() : h.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + owner + "' " + e.getMessage(), e);
            }
        }
        return new HyperParameters(owner, values);
    }

    /** Typed values for a declared list, e.g. from code or a saved manifest. */
    public static HyperParameters of(String owner, List<HyperParameter<?>> declared, Map<String, ?> given) {
        Map<String, String> text = new LinkedHashMap<>();
        given.forEach((k, v) -> text.put(k, HyperParameter.format(v)));
        return parse(owner, declared, text);
    }

    /** Returns a copy with some values replaced, each checked like a typed-in value. */
    public HyperParameters with(List<HyperParameter<?>> declared, Map<String, ?> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(changes);
        return of(owner, declared, merged);
    }

    /** The plugin these values belong to. */
    public String owner() {
        return owner;
    }

    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public int getInt(String name) {
        return ((Number) get(name)).intValue();
    }

    public long getLong(String name) {
        return ((Number) get(name)).longValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String name) {
        return (List<Double>) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String name) {
        return (List<Integer>) get(name);
    }

    /** The raw value; fails naming the owner when the name is not declared. */
    public Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(
                    "'" + owner + "' has no hyperparameter '" + name + "'; known: " + values.keySet());
        }
        return values.get(name);
    }

    /** All values in declaration order, for manifests. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + HyperParameter.format(e.getValue()))
                .collect(Collectors.joining(", ", owner + "{", "}"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperParameters h && h.owner.equals(owner) && h.values.equals(values);
    }

    @Override
    public int hashCode() {
        return owner.hashCode() * 31 + values.hashCode();
    }
}
