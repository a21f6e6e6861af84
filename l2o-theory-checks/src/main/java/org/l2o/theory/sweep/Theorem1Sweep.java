package org.l2o.theory.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.l2o.theory.EigenQuadratic;
import org.l2o.theory.Theorem1;
import org.l2o.theory.Theorem1Result;

/**
 * Checks Theorem 1 (Yang et al., AISTATS 2023) and the corrected bound of docs/theory.md on random
 * convex quadratics: dimensions, spectra (zero, isotropic, rank-one, rank-deficient, well- and
 * ill-conditioned), scales, positions of θ (at the minimizer or at distance 1e−3…1e2 in a random
 * direction), ℓ₀, γ and m, all drawn from one stream seeded by {@link SweepConfig#seed()}.
 *
 * <p>Each case costs O(p) (it is evaluated in the eigenbasis of A); C(γ,p,m) is cached per triple.
 */
public final class Theorem1Sweep {

  private static final double TIGHT = 1e-6;

  private final SweepConfig config;

  public Theorem1Sweep(SweepConfig config) {
    this.config = config;
  }

  /** Draws the cases (deterministic in the seed). */
  public List<SweepCase> cases() {
    Random rng = new Random(config.seed());
    List<SweepCase> out = new ArrayList<>(config.cases());
    SpectrumKind[] kinds = SpectrumKind.values();
    for (int i = 0; i < config.cases(); i++) {
      int p = config.dims().get(rng.nextInt(config.dims().size()));
      SpectrumKind kind = kinds[rng.nextInt(kinds.length)];
      double[] eig = spectrum(kind, p, rng);
      double[] offset = new double[p];
      if (rng.nextInt(4) != 0) {
        double radius = logUniform(rng, 1e-3, 1e2);
        double norm = 0;
        for (int j = 0; j < p; j++) {
          offset[j] = rng.nextGaussian();
          norm += offset[j] * offset[j];
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < p; j++) {
          offset[j] *= radius / norm;
        }
      }
      double l0 = rng.nextBoolean() ? 0.0 : logUniform(rng, 1e-3, 1e2);
      double gamma = config.gammas().get(rng.nextInt(config.gammas().size()));
      double m = config.ms().get(rng.nextInt(config.ms().size()));
      out.add(new SweepCase(i, kind.label(), eig, offset, l0, gamma, m));
    }
    return out;
  }

  static double[] spectrum(SpectrumKind kind, int p, Random rng) {
    double s = logUniform(rng, 1e-3, 1e3);
    double[] eig = new double[p];
    switch (kind) {
      case ZERO -> { }
      case ISOTROPIC -> Arrays.fill(eig, s);
      case RANK_ONE -> eig[0] = s;
      case RANK_DEFICIENT -> {
        int k = p <= 2 ? 1 : 1 + rng.nextInt(p - 1);
        eig[0] = s;
        for (int j = 1; j < k; j++) {
          eig[j] = s * logUniform(rng, 1e-2, 1);
        }
      }
      case WELL_CONDITIONED -> {
        for (int j = 0; j < p; j++) {
          eig[j] = s * logUniform(rng, 0.1, 1);
        }
      }
      case ILL_CONDITIONED -> {
        for (int j = 0; j < p; j++) {
          eig[j] = s * logUniform(rng, 1e-8, 1);
        }
        eig[0] = s;
        if (p > 1) {
          eig[p - 1] = s * 1e-8;
        }
      }
      default -> throw new IllegalStateException("unknown spectrum kind " + kind);
    }
    return eig;
  }

  private static double logUniform(Random rng, double lo, double hi) {
    return Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo)));
  }

  /** Draws and checks every case and summarizes. */
  public SweepReport run() {
    long start = System.nanoTime();
    List<SweepCase> cases = cases();
    Map<String, Theorem1.FarField> cCache = new HashMap<>();
    List<Checked> outcomes = new ArrayList<>(cases.size());
    for (SweepCase c : cases) {
      EigenQuadratic q = c.quadratic();
      Theorem1.Inputs in = Theorem1.inputs(q, c.gamma(), c.m(), config.lipschitz());
      Theorem1.FarField cc = cCache.computeIfAbsent(c.gamma() + "/" + c.dim() + "/" + c.m(),
          k -> Theorem1.FarField.of(c.gamma(), c.dim(), c.m()));
      Theorem1Result r = Theorem1.evaluate(in, cc);
      outcomes.add(new Checked(c, r));
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    return summarize(outcomes, elapsed);
  }

  /** A checked case; the reproduce command is only formatted for the cases the report names. */
  private record Checked(SweepCase testCase, Theorem1Result result) {}

  private SweepReport.Outcome outcome(Checked c) {
    return c == null ? null : new SweepReport.Outcome(c.testCase(), c.result(), c.testCase().reproduceCommand(config.lipschitz()));
  }

  private SweepReport summarize(List<Checked> outcomes, long elapsed) {
    int holds = 0;
    Checked worst = null;
    int fixedHolds = 0;
    Map<String, List<Checked>> byKind = new LinkedHashMap<>();
    byKind.put(Theorem1.GAUSSIAN_CONSTANT, new ArrayList<>());
    byKind.put(Theorem1.FAR_FIELD, new ArrayList<>());
    int correctedHolds = 0;
    Checked correctedWorst = null;
    double[] correctedMargins = new double[outcomes.size()];
    int tight = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Checked o = outcomes.get(i);
      Theorem1Result r = o.result();
      if (r.holds()) {
        holds++;
      } else {
        byKind.get(r.violationKind()).add(o);
      }
      if (worst == null || r.margin() < worst.result().margin()) {
        worst = o;
      }
      if (r.constantFixedHolds()) {
        fixedHolds++;
      }
      if (r.correctedHolds()) {
        correctedHolds++;
      }
      if (correctedWorst == null || r.correctedMargin() < correctedWorst.result().correctedMargin()) {
        correctedWorst = o;
      }
      correctedMargins[i] = r.correctedMargin();
      if (r.correctedMargin() < TIGHT) {
        tight++;
      }
    }
    int n = outcomes.size();
    Comparator<Checked> smallest = Comparator.<Checked>comparingInt(o -> o.testCase().dim())
        .thenComparingInt(o -> o.testCase().quadratic().rank())
        .thenComparingDouble(o -> o.result().margin());
    Map<String, SweepReport.KindSummary> kinds = new LinkedHashMap<>();
    byKind.forEach((k, list) -> kinds.put(k, new SweepReport.KindSummary(list.size(), outcome(list.stream().min(smallest).orElse(null)))));
    Arrays.sort(correctedMargins);
    SweepReport.CorrectedSummary corrected = new SweepReport.CorrectedSummary(correctedHolds, n - correctedHolds,
        correctedMargins[0], quantile(correctedMargins, 0.5), quantile(correctedMargins, 0.9), correctedMargins[n - 1], tight,
        outcome(correctedWorst));
    return new SweepReport(
        new SweepReport.Settings(config.cases(), config.seed(), config.dims(), config.gammas(), config.ms(), config.lipschitz().cliName()),
        elapsed,
        new SweepReport.BoundSummary(holds, n - holds, worst.result().margin(), outcome(worst)),
        kinds,
        new SweepReport.Counts(fixedHolds, n - fixedHolds),
        corrected,
        strata(outcomes, o -> o.testCase().dim(), "p="),
        strata(outcomes, o -> o.testCase().spectrum(), ""),
        strata(outcomes, o -> o.testCase().gamma(), "gamma="),
        strata(outcomes, o -> o.testCase().m(), "m="));
  }

  private static <K extends Comparable<K>> List<SweepReport.Stratum> strata(List<Checked> outcomes,
      Function<Checked, K> key, String prefix) {
    Map<K, List<Checked>> groups = new TreeMap<>();
    for (Checked o : outcomes) {
      groups.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
    }
    List<SweepReport.Stratum> out = new ArrayList<>();
    groups.forEach((k, list) -> {
      int holds = 0;
      int gc = 0;
      int ff = 0;
      int cv = 0;
      double worst = Double.POSITIVE_INFINITY;
      double[] cm = new double[list.size()];
      for (int i = 0; i < list.size(); i++) {
        Theorem1Result r = list.get(i).result();
        if (r.holds()) {
          holds++;
        } else if (Theorem1.GAUSSIAN_CONSTANT.equals(r.violationKind())) {
          gc++;
        } else {
          ff++;
        }
        if (!r.correctedHolds()) {
          cv++;
        }
        worst = Math.min(worst, r.margin());
        cm[i] = r.correctedMargin();
      }
      Arrays.sort(cm);
      out.add(new SweepReport.Stratum(prefix + k, list.size(), holds, list.size() - holds, gc, ff, cv, worst, quantile(cm, 0.5)));
    });
    return out;
  }

  private static double quantile(double[] sorted, double q) {
    int idx = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
    return sorted[idx];
  }
}
