package org.l2o.theory.sweep;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.l2o.theory.EigenQuadratic;
import org.l2o.theory.Lipschitz;

/**
 * One random case of the Theorem 1 sweep: the quadratic ½(θ−c)ᵀA(θ−c) + ℓ₀ in the eigenbasis of A
 * (spectrum and θ − c there; any rotation gives the same numbers) with γ and m.
 *
 * @param index position in the sweep (0-based)
 * @param spectrum how the spectrum was drawn (see {@link SpectrumKind})
 * @param eigenvalues the spectrum of A
 * @param offset θ − c in the eigenbasis
 * @param l0 ℓ₀
 * @param gamma γ
 * @param m ball radius
 */
public record SweepCase(int index, String spectrum, double[] eigenvalues, double[] offset, double l0, double gamma, double m) {

  public EigenQuadratic quadratic() {
    return new EigenQuadratic(eigenvalues, offset, l0);
  }

  public int dim() {
    return eigenvalues.length;
  }

  /** The single-case command that reproduces this case exactly (A = diag(eigenvalues), c = 0, θ = offset). */
  public String reproduceCommand(Lipschitz lipschitz) {
    return String.format(Locale.ROOT, "l2o verify theorem1 --dim %d --eigenvalues %s --theta %s --l0 %s --gamma %s --m %s --lipschitz %s --json",
        dim(), join(eigenvalues), join(offset), Double.toString(l0), Double.toString(gamma), Double.toString(m), lipschitz.cliName());
  }

  private static String join(double[] v) {
    return DoubleStream.of(v).mapToObj(Double::toString).collect(Collectors.joining(","));
  }
}
