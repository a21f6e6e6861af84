package org.l2o.optimizers.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.api.RegularizerTerm;
import org.l2o.optimizers.learned.DmNetwork;
import org.l2o.optimizers.learned.MetaParameters;
import org.l2o.optimizers.learned.MetaRecipe;
import org.l2o.regularizers.JacobianTraceRegularizer;
import org.l2o.regularizers.curvature.ObjectiveCurvatureOracle;

/** Meta-training with a real regularizer of l2o-regularizers through its ObjectiveCurvatureOracle. */
class RegularizedMetaTrainingTest {

    @Test
    void jacobianTraceEntersTheMetaGradient() {
        TestObjectives.Quadratic quadratic = new TestObjectives.Quadratic(6, 5);
        DmNetwork net = new DmNetwork("l2o-dm", 5, 5.0, 0.1);
        MetaRecipe recipe = new MetaRecipe(4, 8, MetaRecipe.MetaLoss.SUM, MetaRecipe.MetaOptimizerKind.ADAM, 1e-3, 1e30,
                false);
        JacobianTraceRegularizer jt = new JacobianTraceRegularizer();
        double[] norms = new double[2];
        double[] reg = new double[2];
        List<float[]> plain = null;
        for (int i = 0; i < 2; i++) {
            MetaParameters phi = net.initialize(3);
            MetaTrainer t = new MetaTrainer(net, phi, new MetaOptimizer(MetaRecipe.MetaOptimizerKind.ADAM, 1e-3, phi),
                    TaskSampler.dataFree(quadratic), recipe, 11);
            RegularizerTerm term = jt.create(jt.defaults());
            t.regularizer(term, i == 0 ? 0.0 : 1.0, ObjectiveCurvatureOracle::new);
            EpochResult r = t.trainEpoch(0);
            assertEquals(0, r.skipped());
            assertEquals(2, r.metaSteps());
            reg[i] = r.regularizer();
            norms[i] = r.metaGradientNorm();
            if (i == 0) {
                plain = t.lastMetaGradient();
            } else {
                double diff = 0;
                for (int k = 0; k < plain.size(); k++) {
                    for (int j = 0; j < plain.get(k).length; j++) {
                        diff = Math.max(diff, Math.abs(plain.get(k)[j] - t.lastMetaGradient().get(k)[j]));
                    }
                }
                assertTrue(diff > 0, "λ = 1 changes the meta-gradient");
            }
        }
        assertTrue(reg[0] > 0 && Double.isFinite(reg[0]), "‖∇L‖² at θ_T: " + reg[0]);
        assertTrue(Double.isFinite(norms[1]));
    }
}
