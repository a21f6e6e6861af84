package com.example.l2o.sharpness;

import ai.djl.ndarray.NDList;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.NDLists;
import org.l2o.api.RegularizerTerm;

/** Evaluates {@link SharpnessRegularizer}'s penalty through the curvature oracle only. */
final class SharpnessTerm implements RegularizerTerm {

    private final double rho;

    SharpnessTerm(double rho) {
        this.rho = rho;
    }

    @Override
    public Value evaluate(CurvatureOracle oracle, Random random) {
        NDList g = oracle.gradient();
        double norm = NDLists.norm(g);
        if (norm == 0 || rho == 0) {
            // At a stationary point the ascent direction is undefined: no sharpness is measured.
            return new Value(0, NDLists.scale(g, 0));
        }
        NDList perturbed = NDLists.axpy(oracle.point(), rho / norm, g);
        double value = oracle.lossAt(perturbed) - oracle.loss();
        NDList gradient = NDLists.axpy(oracle.gradientAt(perturbed), -1, g);
        return new Value(value, gradient);
    }
}
