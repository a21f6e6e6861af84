package org.l2o.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.Optimizee;
import org.l2o.cli.fixtures.TestQuadraticOptimizee;
import org.l2o.cli.fixtures.TestSoftmaxOptimizee;

/** {@code l2o train}, {@code l2o sweep} and {@code l2o bench} end to end, on fixture optimizees and the synthetic dataset. */
class TrainCommandTest {

    @TempDir
    static Path pluginDir;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void fixtures() throws Exception {
        CliTestSupport.servicesJar(pluginDir.resolve("fixtures.jar"), Optimizee.class,
                TestSoftmaxOptimizee.class.getName(), TestQuadraticOptimizee.class.getName());
    }

    private static CliTestSupport.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--plugins", pluginDir.toString(), "--progress", "none"));
        return CliTestSupport.run(all.toArray(String[]::new));
    }

    @Test
    void trainWritesCsvSummaryManifestPlotAndParameters(@TempDir Path out) throws Exception {
        Path params = out.resolve("params/final.npz");
        CliTestSupport.Result r = run("train", "--optimizer", "adam", "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--steps", "60", "--batch-size", "32", "--seeds", "1,2",
                "--eval-every", "20", "--lr", "0.05", "--classes=4", "--out", out.toString(),
                "--save-params", params.toString(), "--eval-train-samples", "1000");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("test accuracy"), r.out());
        for (long seed : new long[] {1, 2}) {
            List<String> csv = Files.readAllLines(out.resolve("seed-" + seed + ".csv"));
            assertEquals("step,train_loss,test_loss,test_accuracy,rss_mib,train_split_loss", csv.get(0));
            assertEquals(62, csv.size());
            assertTrue(Double.parseDouble(csv.get(21).split(",")[5]) > 0, "train split evaluated at step 20");
            assertEquals(5, csv.get(22).split(",", -1).length - 1, "a row without evaluation has empty cells");
            assertTrue(Files.size(out.resolve("params/final-seed" + seed + ".npz")) > 0);
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("adam", summary.get("optimizer").asText());
        assertEquals("test-softmax", summary.get("optimizee").asText());
        assertEquals("synthetic", summary.get("dataset").asText());
        assertEquals(0.05, summary.get("hyperParameters").get("lr").asDouble());
        assertEquals(2, summary.get("finalTestAccuracy").get("n").asInt());
        double acc = summary.get("finalTestAccuracy").get("mean").asDouble();
        assertTrue(acc > 0.25 && acc <= 1, "accuracy " + acc);
        assertTrue(summary.get("stepsPerSecond").get("mean").asDouble() > 0);
        assertEquals(0, summary.get("diverged").size());
        assertEquals(2, summary.get("finalTrainSplitLoss").get("n").asInt());
        assertTrue(r.out().contains("loss over 512 train samples after the last step"), r.out());
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("train", manifest.get("command").asText());
        assertEquals("adam", manifest.get("plugins").get("optimizer").get("name").asText());
        assertEquals(0.05, manifest.get("plugins").get("optimizer").get("hyperParameters").get("lr").asDouble());
        assertEquals(4, manifest.get("plugins").get("dataset").get("hyperParameters").get("classes").asInt());
        assertEquals("[1,2]", manifest.get("seeds").toString());
        assertTrue(manifest.has("gitCommit") && manifest.get("versions").has("djl"), manifest.toString());
        // the build runs tests with --add-modules jdk.incubator.vector, so learned optimizers use the fused kernel
        assertEquals("vector", manifest.get("learnedOptimizerKernel").asText());
        BufferedImage png = ImageIO.read(out.resolve("curves.png").toFile());
        assertTrue(png.getWidth() >= 1000 && png.getHeight() >= 400, png.getWidth() + "x" + png.getHeight());

        // the saved parameters start a new run exactly where the old one ended
        Path again = out.resolve("again");
        CliTestSupport.Result resumed = run("train", "--optimizer", "sgd", "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--classes=4", "--steps", "1", "--eval-every", "1", "--seeds", "7",
                "--init-params", out.resolve("params/final-seed1.npz").toString(), "--out", again.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        String before = Files.readAllLines(out.resolve("seed-1.csv")).get(61).split(",")[2];
        String after = Files.readAllLines(again.resolve("seed-7.csv")).get(1).split(",")[2];
        assertEquals(Double.parseDouble(before), Double.parseDouble(after), 1e-6);
    }

    @Test
    void aDivergingSeedIsReportedAndTheOthersFinish(@TempDir Path out) throws Exception {
        CliTestSupport.Result r = run("train", "--optimizer", "sgd", "--optimizee", "test-quadratic",
                "--steps", "80", "--seeds", "1,2", "--eval-every", "10", "--lr", "3", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("seed 2 diverged at step"), r.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(1, summary.get("diverged").size());
        assertEquals(2, summary.get("diverged").get(0).get("seed").asInt());
        assertEquals(1, summary.get("finalTestLoss").get("n").asInt());
        assertEquals(80, summary.get("perSeed").get(0).get("updates").asInt());
    }

    @Test
    void sweepNamesTheKnownBestLearningRate(@TempDir Path out) throws Exception {
        // ½·2·‖θ‖²: lr = 0.5 reaches the minimum in one step
        CliTestSupport.Result r = run("sweep", "--optimizer", "sgd", "--optimizee", "test-quadratic",
                "--lr", "0.05,0.2,0.5,0.9,1.2", "--steps", "5", "--seeds", "2,3", "--eval-train-samples", "1",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("best learning rate: 0.5"), r.out());
        List<String> table = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(6, table.size());
        assertTrue(table.get(0).endsWith(",train_split_loss_mean"), table.get(0));
        // without data the train-split loss is the objective itself: 0 at the minimum lr 0.5 reaches
        assertEquals(0.0, Double.parseDouble(table.get(3).split(",")[8]), table.get(3));
        assertTrue(Double.parseDouble(table.get(1).split(",")[8]) > 0, table.get(1));
        assertEquals(0.5, JSON.readTree(out.resolve("sweep.json").toFile()).get("bestLr").asDouble());
        assertTrue(Files.exists(out.resolve("lr-0.5/seed-2.csv")));
        assertTrue(Files.exists(out.resolve("sweep.png")));
    }

    @Test
    void benchTimesEachOptimizer(@TempDir Path out) throws Exception {
        CliTestSupport.Result r = run("bench", "--optimizers", "sgd,rprop", "--optimizees", "test-softmax",
                "--dataset", "synthetic", "--batch-size", "16", "--steps", "20", "--warmup", "5", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("bench.csv"));
        assertEquals(3, csv.size());
        for (String row : csv.subList(1, 3)) {
            String[] cells = row.split(",");
            assertEquals("20", cells[2], row);
            assertTrue(Double.parseDouble(cells[3]) > 0, row);
        }
    }

    @Test
    void benchRoundsPoolTheStepsAndReportRatiosToTheFirstOptimizer(@TempDir Path out) throws Exception {
        CliTestSupport.Result r = run("bench", "--optimizers", "sgd,rprop", "--optimizees", "test-softmax",
                "--dataset", "synthetic", "--batch-size", "16", "--steps", "10", "--warmup", "2", "--rounds", "3",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("× sgd"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("bench.csv"));
        assertTrue(csv.get(0).endsWith(",ratio_to_first"), csv.get(0));
        String[] sgd = csv.get(1).split(",", -1);
        String[] rprop = csv.get(2).split(",", -1);
        assertEquals("30", sgd[2], "three rounds of 10 timed steps: " + csv.get(1));
        assertEquals(1.0, Double.parseDouble(sgd[9]), 1e-12, csv.get(1));
        double ratio = Double.parseDouble(rprop[9]);
        assertTrue(ratio > 0 && Double.isFinite(ratio), csv.get(2));
        assertEquals(3, JSON.readTree(out.resolve("bench.json").toFile()).get("rounds").asInt());

        CliTestSupport.Result bad = run("bench", "--optimizers", "sgd", "--optimizees", "test-softmax", "--rounds", "0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--rounds must be at least 1, got 0"), bad.err());
    }

    @Test
    void badInputGivesOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        CliTestSupport.Result unknown = run("train", "--optimizer", "adamw", "--optimizee", "test-quadratic");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown optimizer 'adamw'") && unknown.err().contains("sgd"), unknown.err());

        CliTestSupport.Result missing = run("train", "--optimizer", "runs/learned.l2o", "--optimizee", "test-quadratic");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("runs/learned.l2o: no such file"), missing.err());

        Path notAnOptimizer = Files.writeString(dir.resolve("opt.bin"), "weights?");
        CliTestSupport.Result unreadable = run("train", "--optimizer", notAnOptimizer.toString(), "--optimizee",
                "test-quadratic");
        assertEquals(2, unreadable.exitCode());
        assertTrue(unreadable.err().contains("the file is not an optimizer"), unreadable.err());

        Path bad = Files.writeString(dir.resolve("bad.npz"), "not numpy");
        CliTestSupport.Result init = run("train", "--optimizer", "sgd", "--optimizee", "test-quadratic",
                "--steps", "2", "--init-params", bad.toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, init.exitCode());
        assertTrue(init.err().contains(bad.toString()) && init.err().contains("not a NumPy .npz archive"), init.err());
        assertEquals(1, init.err().lines().count(), init.err());

        CliTestSupport.Result flag = run("train", "--optimizer", "sgd", "--optimizee", "test-quadratic", "--betaa", "1");
        assertEquals(2, flag.exitCode());
        assertTrue(flag.err().contains("unknown option '--betaa'") && flag.err().contains("--momentum"), flag.err());
        assertFalse(flag.err().contains("at org."), flag.err());

        CliTestSupport.Result negative = run("train", "--optimizer", "sgd", "--optimizee", "test-quadratic",
                "--eval-train-samples", "-1", "--out", dir.resolve("n").toString());
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("eval-train-samples must be 0 (off) or positive, got -1"), negative.err());
    }
}
