package org.l2o.theory.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.theory.Lipschitz;
import org.l2o.theory.Theorem1;
import org.l2o.theory.Theorem1Result;

class Theorem1SweepTest {

  private static SweepConfig config(int cases, long seed, Lipschitz l) {
    return new SweepConfig(cases, seed, SweepConfig.DEFAULT_DIMS, SweepConfig.DEFAULT_GAMMAS, SweepConfig.DEFAULT_MS, l);
  }

  @Test
  void statedBoundFailsInBothWaysAndTheCorrectedBoundHoldsEverywhere() {
    for (Lipschitz l : Lipschitz.values()) {
      SweepReport r = new Theorem1Sweep(config(3000, 5, l)).run();
      assertEquals(3000, r.stated().holds() + r.stated().violated());
      assertTrue(r.stated().holds() > 0, "the stated bound holds somewhere");
      assertTrue(r.stated().worstMargin() < 0);
      assertEquals(0, r.corrected().violated(), "corrected bound violated; worst: " + r.corrected().worst());
      assertTrue(r.corrected().tightCases() > 0, "the corrected bound is attained somewhere");
      int kinds = 0;
      for (String kind : List.of(Theorem1.GAUSSIAN_CONSTANT, Theorem1.FAR_FIELD)) {
        SweepReport.KindSummary k = r.violationsByKind().get(kind);
        assertTrue(k.count() > 0, kind + " violations expected with " + l);
        kinds += k.count();
        SweepReport.Outcome w = k.smallestWitness();
        assertEquals(1, w.testCase().dim(), "dimension 1 is in the sweep, so the smallest witness has p = 1");
        assertFalse(w.result().holds());
        assertEquals(kind, w.result().violationKind());
        // re-evaluating the witness gives the same verdict
        Theorem1Result again = Theorem1.evaluate(w.testCase().quadratic(), w.testCase().gamma(), w.testCase().m(), l);
        assertEquals(w.result().margin(), again.margin(), 1e-12 * Math.max(1, Math.abs(again.margin())));
        assertTrue(w.reproduce().startsWith("l2o verify theorem1 --dim 1 "));
      }
      assertEquals(r.stated().violated(), kinds);
      int strata = r.byDim().stream().mapToInt(SweepReport.Stratum::cases).sum();
      assertEquals(3000, strata);
    }
  }

  @Test
  void isDeterministicInTheSeed() {
    SweepReport a = new Theorem1Sweep(config(500, 9, Lipschitz.POINTWISE)).run();
    SweepReport b = new Theorem1Sweep(config(500, 9, Lipschitz.POINTWISE)).run();
    SweepReport c = new Theorem1Sweep(config(500, 10, Lipschitz.POINTWISE)).run();
    assertEquals(a.stated().violated(), b.stated().violated());
    assertEquals(a.stated().worstMargin(), b.stated().worstMargin());
    assertNotEquals(a.stated().worstMargin(), c.stated().worstMargin());
  }

  @Test
  void checksTenThousandCasesUpToDimensionHundredWithinTenSeconds() {
    long start = System.nanoTime();
    SweepReport r = new Theorem1Sweep(config(10_000, 1, Lipschitz.BALL)).run();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(10_000, r.stated().holds() + r.stated().violated());
    assertTrue(seconds < 10, "took " + seconds + " s");
  }

  @Test
  void writesMarkdownAndJson(@TempDir Path dir) throws Exception {
    SweepReport r = new Theorem1Sweep(config(400, 2, Lipschitz.POINTWISE)).run();
    List<Path> files = SweepReportWriter.write(r, dir.resolve("nested"));
    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    assertEquals(400, json.at("/settings/cases").asInt());
    assertEquals(r.stated().violated(), json.at("/stated/violated").asInt());
    assertTrue(json.at("/violationsByKind/far-field/smallestWitness/result/margin").isNumber());
    assertTrue(json.at("/violationsByKind/gaussian-constant/smallestWitness/testCase/eigenvalues").isArray());
    String md = Files.readString(files.get(1));
    assertTrue(md.contains("# Theorem 1 sweep") && md.contains("gaussian-constant") && md.contains("reproduce: `l2o verify theorem1"));
    assertTrue(SweepReportWriter.summary(r).contains("corrected bound: 400 hold, 0 violated"));
  }

  @Test
  void rejectsBadSettingsWithTheFlagName() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new SweepConfig(10, 1, List.of(0), SweepConfig.DEFAULT_GAMMAS, SweepConfig.DEFAULT_MS, Lipschitz.BALL));
    assertTrue(e.getMessage().startsWith("--dims"));
    assertThrows(IllegalArgumentException.class,
        () -> new SweepConfig(10, 1, SweepConfig.DEFAULT_DIMS, List.of(-1.0), SweepConfig.DEFAULT_MS, Lipschitz.BALL));
    assertThrows(IllegalArgumentException.class, () -> config(0, 1, Lipschitz.BALL));
  }
}
