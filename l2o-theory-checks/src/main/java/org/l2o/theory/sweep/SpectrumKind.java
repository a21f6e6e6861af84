package org.l2o.theory.sweep;

import java.util.Locale;

/** The families of spectra the sweep draws; s is a scale drawn log-uniformly in [1e−3, 1e3]. */
public enum SpectrumKind {
  /** A = 0 (every direction flat). */
  ZERO,
  /** A = sI. */
  ISOTROPIC,
  /** One eigenvalue s, the rest 0. */
  RANK_ONE,
  /** k ∈ [1, p−1] eigenvalues log-uniform in [s/100, s], the rest 0 (rank-one when p ≤ 2). */
  RANK_DEFICIENT,
  /** All eigenvalues log-uniform in [s/10, s]. */
  WELL_CONDITIONED,
  /** All eigenvalues log-uniform in [s·1e−8, s], one pinned at each end (condition number 1e8). */
  ILL_CONDITIONED;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
