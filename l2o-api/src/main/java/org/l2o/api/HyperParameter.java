package org.l2o.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A named, typed, documented setting of a plugin with a default value.
 *
 * @param name the flag name, e.g. {@code "lr"}
 * @param type the value type
 * @param defaultValue the value used when none is given
 * @param description what the setting does, shown by {@code l2o plugins}
 * @param min smallest allowed value for numeric types (inclusive), or {@code null}
 * @param max largest allowed value for numeric types (inclusive), or {@code null}
 * @param <T> the Java type of the value
 */
public record HyperParameter<T>(
        String name, Type type, T defaultValue, String description, Double min, Double max) {

    /** The value types a hyperparameter can have, with their parsers. */
    public enum Type {
        DOUBLE("double", Double::valueOf),
        INT("int", Integer::valueOf),
        LONG("long", Long::valueOf),
        BOOLEAN("boolean", Type::parseBoolean),
        STRING("string", s -> s),
        DOUBLE_LIST("double list", s -> parseList(s, Double::valueOf)),
        INT_LIST("int list", s -> parseList(s, Integer::valueOf));

        private final String label;
        private final Function<String, Object> parser;

        Type(String label, Function<String, Object> parser) {
            this.label = label;
            this.parser = parser;
        }

        /** The name shown to users, e.g. {@code "double list"}. */
        public String label() {
            return label;
        }

        Object parse(String text) {
            return parser.apply(text.trim());
        }

        private static Boolean parseBoolean(String s) {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("not true or false: " + s);
        }

        private static <E> List<E> parseList(String s, Function<String, E> element) {
            List<E> out = new ArrayList<>();
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(element.apply(part.trim()));
                }
            }
            return List.copyOf(out);
        }
    }

    public HyperParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    public static HyperParameter<Double> ofDouble(String name, double def, String description) {
        return new HyperParameter<>(name, Type.DOUBLE, def, description, null, null);
    }

    public static HyperParameter<Double> ofDouble(
            String name, double def, double min, double max, String description) {
        return new HyperParameter<>(name, Type.DOUBLE, def, description, min, max);
    }

    public static HyperParameter<Integer> ofInt(String name, int def, String description) {
        return new HyperParameter<>(name, Type.INT, def, description, null, null);
    }

    public static HyperParameter<Integer> ofInt(
            String name, int def, int min, int max, String description) {
        return new HyperParameter<>(name, Type.INT, def, description, (double) min, (double) max);
    }

    public static HyperParameter<Long> ofLong(String name, long def, String description) {
        return new HyperParameter<>(name, Type.LONG, def, description, null, null);
    }

    public static HyperParameter<Boolean> ofBoolean(String name, boolean def, String description) {
        return new HyperParameter<>(name, Type.BOOLEAN, def, description, null, null);
    }

    public static HyperParameter<String> ofString(String name, String def, String description) {
        return new HyperParameter<>(name, Type.STRING, def, description, null, null);
    }

    public static HyperParameter<List<Double>> ofDoubleList(
            String name, List<Double> def, String description) {
        return new HyperParameter<>(name, Type.DOUBLE_LIST, List.copyOf(def), description, null, null);
    }

    public static HyperParameter<List<Integer>> ofIntList(
            String name, List<Integer> def, String description) {
        return new HyperParameter<>(name, Type.INT_LIST, List.copyOf(def), description, null, null);
    }

    /**
     * Parses and range-checks a value given as text.
     *
     * @throws IllegalArgumentException naming this hyperparameter, the value and what was expected
     */
    public Object parse(String text) {
        Object value;
        try {
            value = type.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "hyperparameter '" + name + "': '" + text + "' is not a valid " + type.label());
        }
        check(value);
        return value;
    }

    /** Checks a typed value against this hyperparameter's range. */
    void check(Object value) {
        List<?> values = value instanceof List<?> list ? list : List.of(value);
        for (Object v : values) {
            if (v instanceof Number n) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || (min != null && d < min) || (max != null && d > max)) {
                    throw new IllegalArgumentException("hyperparameter '" + name + "': " + v
                            + " is out of range, expected a value in " + rangeText());
                }
            }
        }
    }

    /** The allowed range as text, e.g. {@code [0, 1]}. */
    public String rangeText() {
        return "[" + (min == null ? "-inf" : trim(min)) + ", " + (max == null ? "inf" : trim(max)) + "]";
    }

    private static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The default written as it would be typed on a command line. */
    public String defaultText() {
        return format(defaultValue);
    }

    static String format(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Object[] array) {
            return Arrays.toString(array);
        }
        return String.valueOf(value);
    }
}
