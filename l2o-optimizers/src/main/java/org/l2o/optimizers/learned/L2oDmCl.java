package org.l2o.optimizers.learned;

import java.util.Map;

/**
 * L2O-DM-CL (Chen et al., "Training Stronger Baselines for Learning to Optimize", NeurIPS 2020):
 * the L2O-DM network ({@link DmNetwork}) meta-trained with a curriculum of growing horizons
 * (100 … 3000 steps, each stage validated at the next horizon, patience 3, best checkpoint
 * restored) and imitation of an Adam teacher (lr 0.01) in a per-stage fraction of the epochs;
 * see {@link org.l2o.optimizers.meta.Curriculum}. Saved files are tagged {@code l2o-dm-cl}.
 */
public final class L2oDmCl extends L2oDm {

    @Override
    public String name() {
        return "l2o-dm-cl";
    }

    @Override
    public String description() {
        return "L2O-DM network trained with curriculum and imitation learning (Chen et al., NeurIPS 2020)";
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("paper", "arXiv:2010.09089", "meta-training", recipe() + " with the curriculum"
                + " 100,200,500,1000,1500,2000,2500,3000, patience 3, imitation 0,0.1,0.3,0.5 of Adam lr 0.01",
                "meta-gradient", defaultMetaGradient().label());
    }
}
