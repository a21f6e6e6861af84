package com.example.l2o.sharpness;

import java.util.List;
import org.l2o.api.HyperParameter;
import org.l2o.api.HyperParameters;
import org.l2o.api.Regularizer;
import org.l2o.api.RegularizerTerm;

/**
 * A SAM-style sharpness penalty, shipped as a third-party plugin: R(θ) = L(θ + ρ·g/‖g‖) − L(θ)
 * with g = ∇L(θ), the loss increase one ascent step of radius ρ away (Foret et al., "Sharpness-
 * Aware Minimization for Efficiently Improving Generalization", ICLR 2021).
 *
 * <p>Its gradient follows SAM's first-order approximation, which treats the perturbation as a
 * constant: ∇R(θ) ≈ ∇L(θ + ε) − ∇L(θ) with ε = ρ·g/‖g‖.
 */
public final class SharpnessRegularizer implements Regularizer {

    @Override
    public String name() {
        return "sam-sharpness";
    }

    @Override
    public String description() {
        return "SAM-style sharpness L(θ+ρ∇L/‖∇L‖)−L(θ) (Foret et al. 2021); example third-party plugin";
    }

    @Override
    public List<HyperParameter<?>> hyperParameters() {
        return List.of(HyperParameter.ofDouble("rho", 0.05, 0.0, 10.0, "radius of the ascent step"));
    }

    @Override
    public RegularizerTerm create(HyperParameters hyperParameters) {
        return new SharpnessTerm(hyperParameters.getDouble("rho"));
    }
}
