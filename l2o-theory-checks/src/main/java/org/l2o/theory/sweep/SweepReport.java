package org.l2o.theory.sweep;

import java.util.List;
import java.util.Map;
import org.l2o.theory.Theorem1Result;

/**
 * What a Theorem 1 sweep found; serialized as JSON by {@link SweepReportWriter}.
 *
 * @param settings the sweep's settings
 * @param elapsedMillis wall time of drawing and checking the cases (not of writing the report)
 * @param stated the bound as printed in the paper
 * @param violationsByKind stated-bound violations by the proof step that breaks ("gaussian-constant", "far-field")
 * @param constantFixed the diagnostic bound with only the Gaussian constant fixed
 * @param corrected the corrected bound of docs/theory.md
 * @param byDim per-dimension counts
 * @param bySpectrum per-spectrum-kind counts
 * @param byGamma per-γ counts
 * @param byM per-m counts
 */
public record SweepReport(Settings settings, long elapsedMillis, BoundSummary stated, Map<String, KindSummary> violationsByKind,
    Counts constantFixed, CorrectedSummary corrected, List<Stratum> byDim, List<Stratum> bySpectrum, List<Stratum> byGamma,
    List<Stratum> byM) {

  /** The settings, as plain values. */
  public record Settings(int cases, long seed, List<Integer> dims, List<Double> gammas, List<Double> ms, String lipschitz) {}

  /** A case with its result and the single-case command reproducing it. */
  public record Outcome(SweepCase testCase, Theorem1Result result, String reproduce) {}

  public record Counts(int holds, int violated) {}

  /** Counts for one bound, and the case with the smallest margin. */
  public record BoundSummary(int holds, int violated, double worstMargin, Outcome worst) {}

  /** How often one kind of violation occurred and its smallest witness (fewest dimensions, then lowest rank, then largest violation). */
  public record KindSummary(int count, Outcome smallestWitness) {}

  /**
   * The corrected bound: counts and how tight it is (its margin in log(·+γ) space; 0 = exact).
   *
   * @param tightCases cases with margin below 1e−6
   */
  public record CorrectedSummary(int holds, int violated, double minMargin, double medianMargin, double p90Margin,
      double maxMargin, int tightCases, Outcome worst) {}

  /** Counts within one value of a swept variable. */
  public record Stratum(String key, int cases, int statedHolds, int statedViolated, int gaussianConstant, int farField,
      int correctedViolated, double worstStatedMargin, double medianCorrectedMargin) {}
}
