package org.l2o.theory.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.l2o.theory.Theorem1Result;

/** Writes a {@link SweepReport} as JSON ({@code theorem1-sweep.json}) and Markdown ({@code theorem1-sweep.md}), and a short summary. */
public final class SweepReportWriter {

  public static final String JSON_FILE = "theorem1-sweep.json";
  public static final String MARKDOWN_FILE = "theorem1-sweep.md";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SweepReportWriter() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes both files into {@code dir} (created if missing); returns their paths. */
  public static List<Path> write(SweepReport report, Path dir) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve(JSON_FILE);
      Path md = dir.resolve(MARKDOWN_FILE);
      MAPPER.writeValue(json.toFile(), report);
      Files.writeString(md, markdown(report));
      return List.of(json, md);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sweep report into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A few lines for the console. */
  public static String summary(SweepReport r) {
    StringBuilder sb = new StringBuilder();
    SweepReport.BoundSummary s = r.stated();
    sb.append(String.format(Locale.ROOT, "Theorem 1 sweep: %d cases (seed %d, lipschitz %s) in %d ms%n",
        r.settings().cases(), r.settings().seed(), r.settings().lipschitz(), r.elapsedMillis()));
    sb.append(String.format(Locale.ROOT, "  stated bound:    %d hold, %d violated, worst margin %s%n", s.holds(), s.violated(), num(s.worstMargin())));
    r.violationsByKind().forEach((k, v) -> {
      sb.append(String.format(Locale.ROOT, "    %-17s %d", k + ":", v.count()));
      if (v.smallestWitness() != null) {
        sb.append("  smallest witness: ").append(v.smallestWitness().reproduce());
      }
      sb.append(System.lineSeparator());
    });
    SweepReport.CorrectedSummary c = r.corrected();
    sb.append(String.format(Locale.ROOT, "  corrected bound: %d hold, %d violated, margin min %s median %s p90 %s max %s, tight (<1e-6) %d%n",
        c.holds(), c.violated(), num(c.minMargin()), num(c.medianMargin()), num(c.p90Margin()), num(c.maxMargin()), c.tightCases()));
    return sb.toString();
  }

  public static String markdown(SweepReport r) {
    StringBuilder sb = new StringBuilder();
    SweepReport.Settings st = r.settings();
    sb.append("# Theorem 1 sweep\n\n");
    sb.append(String.format(Locale.ROOT, "%d random convex quadratics, seed %d, M = %s, dims %s, gammas %s, ms %s; %d ms.%n%n",
        st.cases(), st.seed(), st.lipschitz(), st.dims(), st.gammas(), st.ms(), r.elapsedMillis()));
    sb.append("Margins are in log(·+γ) space: log(bound + γ) − log(‖∇²L‖ + γ); negative means violated.\n\n");
    sb.append("| bound | hold | violated | worst margin |\n|---|---|---|---|\n");
    sb.append(String.format(Locale.ROOT, "| stated (paper) | %d | %d | %s |%n", r.stated().holds(), r.stated().violated(), num(r.stated().worstMargin())));
    sb.append(String.format(Locale.ROOT, "| Gaussian constant fixed (diagnostic) | %d | %d | |%n", r.constantFixed().holds(), r.constantFixed().violated()));
    sb.append(String.format(Locale.ROOT, "| corrected (docs/theory.md) | %d | %d | %s |%n%n", r.corrected().holds(), r.corrected().violated(), num(r.corrected().minMargin())));
    sb.append("## Violations of the stated bound, by the step of the proof that breaks\n\n");
    for (Map.Entry<String, SweepReport.KindSummary> e : r.violationsByKind().entrySet()) {
      sb.append(String.format(Locale.ROOT, "### %s: %d cases%n%n", e.getKey(), e.getValue().count()));
      SweepReport.Outcome w = e.getValue().smallestWitness();
      if (w != null) {
        sb.append("Smallest witness:\n\n").append(describe(w)).append('\n');
      }
    }
    sb.append("## Worst case of the stated bound\n\n").append(describe(r.stated().worst())).append('\n');
    SweepReport.CorrectedSummary c = r.corrected();
    sb.append("## Corrected bound: tightness\n\n");
    sb.append(String.format(Locale.ROOT, "Margin min %s, median %s, 90th percentile %s, max %s; %d cases tight to 1e-6.%n%n",
        num(c.minMargin()), num(c.medianMargin()), num(c.p90Margin()), num(c.maxMargin()), c.tightCases()));
    table(sb, "By dimension", r.byDim());
    table(sb, "By spectrum", r.bySpectrum());
    table(sb, "By gamma", r.byGamma());
    table(sb, "By m", r.byM());
    return sb.toString();
  }

  private static void table(StringBuilder sb, String title, List<SweepReport.Stratum> rows) {
    sb.append("## ").append(title).append("\n\n");
    sb.append("| value | cases | stated holds | violated | gaussian-constant | far-field | corrected violated | worst stated margin | median corrected margin |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|\n");
    for (SweepReport.Stratum s : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %s | %s |%n", s.key(), s.cases(), s.statedHolds(),
          s.statedViolated(), s.gaussianConstant(), s.farField(), s.correctedViolated(), num(s.worstStatedMargin()), num(s.medianCorrectedMargin())));
    }
    sb.append('\n');
  }

  private static String describe(SweepReport.Outcome o) {
    SweepCase c = o.testCase();
    Theorem1Result r = o.result();
    double offsetNorm = Math.sqrt(Arrays.stream(c.offset()).map(x -> x * x).sum());
    return String.format(Locale.ROOT,
        "- p = %d, spectrum %s (rank %d, ‖A‖ = %s), ‖θ−c‖ = %s, ℓ₀ = %s, γ = %s, m = %s%n"
            + "- L = %s, ‖∇L‖ = %s, M = %s, C = %s, G = %s%n"
            + "- log(‖∇²L‖+γ) = %s; stated log(D⁻¹(−G)+γ) = %s (margin %s); corrected %s (margin %s)%n"
            + "- reproduce: `%s`%n",
        c.dim(), c.spectrum(), c.quadratic().rank(), num(r.hessianNorm()), num(offsetNorm), num(c.l0()), num(c.gamma()), num(c.m()),
        num(r.loss()), num(r.gradientNorm()), num(r.lipschitzConstant()), num(r.farFieldConstant()), num(r.localEntropy()),
        num(r.logHessianPlusGamma()), num(r.logBoundPlusGamma()), num(r.margin()), num(r.correctedLogBoundPlusGamma()),
        num(r.correctedMargin()), shorten(o.reproduce()));
  }

  private static String shorten(String cmd) {
    return cmd.length() <= 400 ? cmd : cmd.substring(0, 400) + " … (full command in the JSON report)";
  }

  static String num(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    double a = Math.abs(v);
    return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
  }

  static String list(double[] v) {
    return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
  }
}
