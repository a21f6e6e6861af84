package org.l2o.optimizers.learned;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How meta-training differentiates the meta-loss with respect to the meta-parameters φ. */
public enum MetaGradient {
    /**
     * The gradients fed to the optimizer are constants (L2O-DM's approximation, the reference code's
     * default): no second derivatives of the optimizee's loss.
     */
    FIRST_ORDER,
    /**
     * The gradients fed to the optimizer are functions of θ (the reference code's
     * {@code second_derivatives}): the exact gradient of the unroll's meta-loss.
     */
    EXACT;

    /** The name on the command line and in manifests: {@code first-order}, {@code exact}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode with this label; the message lists the labels. */
    public static MetaGradient parse(String label) {
        for (MetaGradient m : values()) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("'" + label + "': expected one of "
                + Arrays.stream(values()).map(MetaGradient::label).collect(Collectors.joining(", ")));
    }
}
