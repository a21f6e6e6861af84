package org.l2o.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.cli.CliTestSupport;
import org.l2o.cli.CliTestSupport.Result;

class VerifyTheorem1CommandTest {

  @Test
  void singleCasePrintsOneJsonObjectWithTheNamedFields() throws Exception {
    Result r = CliTestSupport.run("verify", "theorem1", "--dim", "3", "--eigenvalues", "2,0.5", "--gamma", "0.5", "--m", "1",
        "--lipschitz", "ball", "--offset", "0.3", "--l0", "0.1", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    for (String field : new String[] {"hessianNorm", "localEntropy", "logBound", "holds", "margin", "correctedLogBound", "correctedHolds"}) {
      assertTrue(json.has(field), "missing " + field + " in " + r.out());
    }
    assertEquals(2.0, json.get("hessianNorm").asDouble(), 0);
    assertEquals(3, json.get("eigenvalues").size());
    assertEquals(0.3, json.get("theta").get(0).asDouble(), 0);
    assertEquals("ball", json.get("lipschitz").asText());
    assertTrue(json.get("correctedHolds").asBoolean());
  }

  @Test
  void singleCaseWitnessOfTheStatedBoundFailingAndTheFailOnViolationExitCode() throws Exception {
    String[] witness = {"verify", "theorem1", "--dim", "1", "--eigenvalues", "0", "--gamma", "100", "--m", "10", "--json"};
    Result r = CliTestSupport.run(witness);
    assertEquals(0, r.exitCode());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertFalse(json.get("holds").asBoolean());
    assertTrue(json.get("logBound").isNull(), "D^-1(-G) < 0 here");
    assertEquals("gaussian-constant", json.get("violationKind").asText());
    String[] failing = java.util.Arrays.copyOf(witness, witness.length + 1);
    failing[witness.length] = "--fail-on-violation";
    assertEquals(1, CliTestSupport.run(failing).exitCode());
    failing[witness.length] = "--fail-on-violation=corrected";
    assertEquals(0, CliTestSupport.run(failing).exitCode());
  }

  @Test
  void sweepWritesReportsAndSummarizes(@TempDir Path dir) throws Exception {
    Result r = CliTestSupport.run("verify", "theorem1", "--cases", "300", "--seed", "4", "--dims", "1,4,30",
        "--gammas", "0.5,20", "--ms", "0.1,3", "--lipschitz", "pointwise", "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("Theorem 1 sweep: 300 cases (seed 4, lipschitz pointwise)"), r.out());
    assertTrue(r.out().contains("corrected bound: 300 hold, 0 violated"), r.out());
    JsonNode json = new ObjectMapper().readTree(dir.resolve("theorem1-sweep.json").toFile());
    assertEquals("[1,4,30]", json.at("/settings/dims").toString());
    assertTrue(Files.readString(dir.resolve("theorem1-sweep.md")).contains("## By dimension"));
    int violated = json.at("/stated/violated").asInt();
    assertTrue(violated > 0);
    Result strict = CliTestSupport.run("verify", "theorem1", "--cases", "300", "--seed", "4", "--dims", "1,4,30",
        "--gammas", "0.5,20", "--ms", "0.1,3", "--out", dir.toString(), "--fail-on-violation");
    assertEquals(1, strict.exitCode());
  }

  @Test
  void badFlagsEndWithOneLineAndExitCodeTwo() {
    String[][] bad = {
        {"verify", "theorem1", "--lipschitz", "global", "--cases", "5"},
        {"verify", "theorem1", "--dims", "0", "--cases", "5"},
        {"verify", "theorem1", "--gammas", "x"},
        {"verify", "theorem1", "--gamma", "1"},
        {"verify", "theorem1", "--dim", "2", "--gamma", "1"},
        {"verify", "theorem1", "--dim", "1", "--eigenvalues", "1,2", "--gamma", "1", "--m", "1"},
        {"verify", "theorem1", "--dim", "1", "--eigenvalues", "-1", "--gamma", "1", "--m", "1"},
        {"verify", "theorem1", "--dim", "2", "--cases", "3", "--gamma", "1", "--m", "1"},
        {"verify", "theorem1", "--fail-on-violation=sometimes", "--cases", "5"},
    };
    for (String[] args : bad) {
      Result r = CliTestSupport.run(args);
      assertEquals(2, r.exitCode(), String.join(" ", args) + " -> " + r.err());
      assertTrue(r.err().startsWith("l2o: "), r.err());
      assertFalse(r.err().contains("internal error"), r.err());
    }
  }
}
