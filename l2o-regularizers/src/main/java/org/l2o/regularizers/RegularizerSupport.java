package org.l2o.regularizers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.l2o.api.HyperParameter;

/** What the regularizer plugins share. */
final class RegularizerSupport {

    private RegularizerSupport() {}

    static final String FD_STEP = "fd-step";

    /** The relative step of the third-order finite difference. */
    static HyperParameter<Double> fdStep() {
        return HyperParameter.ofDouble(FD_STEP, 0.0, 0.0, 0.5,
                "relative step δ of the finite difference that gives the third-order term ∇³L[v,v,·] "
                        + "(step length δ·(1+‖θ‖)); 0 = automatic, ε^(1/4) of the compute type "
                        + "(1.2e-4 in float64, 1.9e-2 in float32)");
    }

    /** s·a attached to {@code manager}; closes nothing. */
    static NDList scaled(NDManager manager, double s, NDList a) {
        NDList out = new NDList(a.size());
        for (var x : a) {
            var r = x.mul(s);
            r.attach(manager);
            out.add(r);
        }
        return out;
    }
}
