package org.l2o.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2o demo} end to end on the embedded MNIST digits (shortened). */
class DemoCommandTest {

    @Test
    void metaTrainsThenTrainsAllThreeWithFallingLossAndWritesPlotAndManifest(@TempDir Path dir) throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("demo", "--steps", "60", "--print-every", "20",
                "--meta-epochs", "2", "--progress", "none", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+.*")).toList();
        assertTrue(rows.size() >= 3, r.out());
        String[] first = rows.get(0).trim().split("\\s+");
        String[] last = rows.get(rows.size() - 1).trim().split("\\s+");
        assertEquals("60", last[0]);
        assertEquals(4, first.length, "step, l2o-dm, adam, sgd: " + rows.get(0));
        // Two meta-training epochs give a cautious learned optimizer: its loss must fall, if slowly.
        assertTrue(Double.parseDouble(last[1]) < Double.parseDouble(first[1]), "l2o-dm loss must fall:\n" + r.out());
        for (int col = 2; col <= 3; col++) {
            assertTrue(Double.parseDouble(last[col]) < Double.parseDouble(first[col]) - 0.05,
                    "loss must fall in column " + col + ":\n" + r.out());
        }
        String acc = r.out().lines().filter(l -> l.startsWith("test acc")).findFirst().orElseThrow();
        for (String cell : acc.replace("test acc", "").trim().split("\\s+")) {
            double percent = Double.parseDouble(cell.replace("%", ""));
            assertTrue(percent > 10 && percent <= 100, "better than chance after 60 steps: " + acc);
        }
        assertTrue(Files.size(dir.resolve("curves.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\"optimizer-adam\""));
        assertTrue(Files.exists(dir.resolve("sgd").resolve("seed-1.csv")));
        assertTrue(Files.exists(dir.resolve("l2o-dm").resolve("seed-1.csv")));
        assertTrue(Files.exists(dir.resolve("l2o-dm").resolve("optimizer.json")), "the learned optimizer is saved");
        String saved = Files.readString(dir.resolve("l2o-dm").resolve("optimizer.json"));
        for (String field : new String[] {"\"optimizee\" : \"mlp-sigmoid\"", "\"regularizer\"", "\"lambda\"",
                "\"versions\"", "\"gitCommit\"", "\"seed\" : 1", "\"metaGradient\" : \"exact\""}) {
            assertTrue(saved.contains(field), "provenance lacks " + field + ":\n" + saved);
        }
        assertEquals(3, Files.readAllLines(dir.resolve("meta-training.csv")).size(), "header and two epochs");

        // The saved learned optimizer loads back through --optimizer PATH.
        CliTestSupport.Result again = CliTestSupport.run("train", "--optimizer", dir.resolve("l2o-dm").toString(),
                "--optimizee", "mlp-relu", "--steps", "5", "--eval-every", "5", "--progress", "none",
                "--out", dir.resolve("again").toString());
        assertEquals(0, again.exitCode(), again.err());
    }
}
