package org.l2o.optimizees.nets;

import ai.djl.ndarray.NDArray;

/** Elementwise nonlinearities of the hidden layers. */
public enum Activation {
    SIGMOID {
        @Override
        NDArray apply(NDArray x) {
            return x.getNDArrayInternal().sigmoid();
        }
    },
    RELU {
        @Override
        NDArray apply(NDArray x) {
            return x.getNDArrayInternal().relu();
        }
    };

    /** A new array holding the activation of {@code x}. */
    abstract NDArray apply(NDArray x);

    /** Lower-case name for listings. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
