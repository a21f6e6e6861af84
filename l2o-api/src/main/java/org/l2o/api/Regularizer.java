package org.l2o.api;

/**
 * A flatness regularizer plugin (Yang et al., "Learning to Generalize Provably in Learning to
 * Optimize", AISTATS 2023, eq. 3-4): a penalty R(θ) on the optimizee parameters θ_T that a
 * learned optimizer reaches, added to the meta-objective as {@code L(θ_T) + λ R(θ_T)}.
 *
 * <p>The plugin is a stateless factory; the {@link RegularizerTerm} it creates may keep state
 * (for example a warm-started eigenvector) between evaluations of one meta-training run.
 */
public interface Regularizer extends Plugin {

    /**
     * Creates the penalty for one meta-training run.
     *
     * @param hyperParameters values for {@link #hyperParameters()}
     */
    RegularizerTerm create(HyperParameters hyperParameters);
}
