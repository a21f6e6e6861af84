package org.l2o.regularizers.curvature;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.l2o.api.CurvatureOracle;
import org.l2o.api.NDLists;

/**
 * The inner SGLD loop of Entropy-SGD (P. Chaudhari et al., "Entropy-SGD: Biasing Gradient Descent
 * Into Wide Valleys", ICLR 2017, Algorithm 1), which estimates the mean E[θ′] of the local Gibbs
 * measure P(θ′) ∝ exp(−L(θ′) − (γ/2)‖θ − θ′‖²) around θ. Its use: the local-entropy gradient
 * −∇_θ G(θ; γ) = γ·(θ − E[θ′]) (Yang et al., AISTATS 2023, eq. 5).
 *
 * <p>Starting from θ′ = μ = θ, each of {@code steps} iterations does
 * <pre>
 *   dθ′ = ∇L(θ′) − γ·(θ − θ′)
 *   θ′  ← θ′ − η′·dθ′ + √η′·ε·N(0, I)
 *   μ   ← (1 − α)·μ + α·θ′
 * </pre>
 * and returns μ. Langevin dynamics with this noise sample exp(−energy/T) at temperature
 * T = ε²/2 rather than 1: with Entropy-SGD's ε = 1e-4 the chain is nearly a proximal-point
 * descent, whose limit is the minimizer of L(θ′) + (γ/2)‖θ − θ′‖² (the Moreau envelope's prox).
 * For a quadratic L the mean of P is the same at every temperature, (A + γI)⁻¹(Ac + γθ).
 * Every step uses the oracle's one batch (Entropy-SGD draws a new minibatch per step).
 */
public final class LocalEntropySampler {

    private LocalEntropySampler() {}

    /**
     * @param gamma the scope γ &gt; 0
     * @param stepSize the SGLD step η′ &gt; 0
     * @param noise the thermal noise ε ≥ 0
     * @param steps the number of SGLD steps L ≥ 1
     * @param alpha the averaging weight α ∈ (0, 1]
     */
    public record Settings(double gamma, double stepSize, double noise, int steps, double alpha) {
        public Settings {
            if (!(gamma > 0) || !(stepSize > 0) || !(noise >= 0) || steps < 1 || !(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("SGLD settings out of range: gamma=" + gamma + " (>0), step="
                        + stepSize + " (>0), noise=" + noise + " (>=0), steps=" + steps + " (>=1), alpha="
                        + alpha + " (in (0,1])");
            }
        }
    }

    /**
     * @param mean μ, the estimate of E[θ′]; owned by the oracle's manager
     * @param last the chain's last state θ′; owned by the oracle's manager
     */
    public record Result(NDList mean, NDList last) {}

    public static Result run(CurvatureOracle oracle, Settings settings, Random random) {
        NDManager manager = oracle.manager();
        NDList theta = oracle.point();
        double gamma = settings.gamma();
        double eta = settings.stepSize();
        double noiseScale = Math.sqrt(eta) * settings.noise();
        NDList current = FlatVectors.scale(manager, 1, theta);
        NDList mean = FlatVectors.scale(manager, 1, theta);
        for (int k = 0; k < settings.steps(); k++) {
            try (NDManager scope = manager.newSubManager()) {
                NDList g = oracle.gradientAt(current);
                g.attach(scope);
                // θ′ ← θ′ − η′(∇L(θ′) + γ(θ′ − θ)) = (1 − η′γ)θ′ + η′γθ − η′∇L(θ′)
                NDList next = FlatVectors.combine(manager, 1 - eta * gamma, current, eta * gamma, theta);
                FlatVectors.addScaledInPlace(next, -eta, g);
                if (noiseScale > 0) {
                    NDList xi = NDLists.gaussian(scope, theta, random);
                    FlatVectors.addScaledInPlace(next, noiseScale, xi);
                }
                current.close();
                current = next;
                NDList averaged = FlatVectors.combine(manager, 1 - settings.alpha(), mean, settings.alpha(), current);
                mean.close();
                mean = averaged;
            }
        }
        return new Result(mean, current);
    }
}
