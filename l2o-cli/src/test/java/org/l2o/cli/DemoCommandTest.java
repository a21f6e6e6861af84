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
    void trainsBothOptimizersWithFallingLossAndWritesPlotAndManifest(@TempDir Path dir) throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("demo", "--steps", "60", "--print-every", "20",
                "--progress", "none", "--out", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s+\\d+\\s+.*")).toList();
        assertTrue(rows.size() >= 3, r.out());
        String[] first = rows.get(0).trim().split("\\s+");
        String[] last = rows.get(rows.size() - 1).trim().split("\\s+");
        assertEquals("60", last[0]);
        for (int col = 1; col <= 2; col++) {
            assertTrue(Double.parseDouble(last[col]) < Double.parseDouble(first[col]) - 0.05,
                    "loss must fall in column " + col + ":\n" + r.out());
        }
        String acc = r.out().lines().filter(l -> l.startsWith("test acc")).findFirst().orElseThrow();
        for (String cell : acc.replace("test acc", "").trim().split("\\s+")) {
            double percent = Double.parseDouble(cell.replace("%", ""));
            assertTrue(percent > 20 && percent <= 100, "better than chance after 60 steps: " + acc);
        }
        assertTrue(Files.size(dir.resolve("curves.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("manifest.json")).contains("\"optimizer-adam\""));
        assertTrue(Files.exists(dir.resolve("sgd").resolve("seed-1.csv")));
    }
}
