package org.l2o.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.api.Optimizee;
import org.l2o.cli.fixtures.TestSoftmaxOptimizee;
import org.l2o.optimizers.meta.ValidationResult;

/** {@code l2o meta-train} end to end, and meta-trained optimizers in {@code l2o train --optimizer DIR}. */
class MetaTrainCommandTest {

    @TempDir
    static Path pluginDir;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void fixtures() throws Exception {
        CliTestSupport.servicesJar(pluginDir.resolve("fixtures.jar"), Optimizee.class, TestSoftmaxOptimizee.class.getName());
    }

    private static CliTestSupport.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--plugins", pluginDir.toString(), "--progress", "none"));
        return CliTestSupport.run(all.toArray(String[]::new));
    }

    private static CliTestSupport.Result metaTrain(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("meta-train", "--optimizer", "l2o-dm", "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--classes=4", "--epochs", "2", "--steps-per-epoch", "6", "--unroll", "3",
                "--batch-size", "16", "--hidden", "4", "--validate-every", "1", "--validation-runs", "1",
                "--checkpoint-every", "1", "--seed", "5", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void writesOptimizerCurvesPlotManifestAndTheOptimizerTrains(@TempDir Path out) throws Exception {
        CliTestSupport.Result r = metaTrain(out);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("optimizer saved in"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("meta-training.csv"));
        assertTrue(csv.get(0).startsWith("epoch,stage,horizon,imitation,meta_loss"), csv.get(0));
        assertEquals(3, csv.size());
        List<String> validation = Files.readAllLines(out.resolve("validation.csv"));
        assertEquals(3, validation.size());
        assertEquals(ValidationResult.csvHeader(), validation.get(0));
        List<String> header = List.of(validation.get(0).split(","));
        String[] row = validation.get(1).split(",", -1);
        assertEquals(row[header.indexOf("val_last_unroll_loss")], row[header.indexOf("score")],
                "the default score is the last-unroll loss: " + validation.get(1));
        assertEquals("", row[header.indexOf("val_train_split_loss")], "no data loss unless selected on");
        assertTrue(ImageIO.read(out.resolve("meta-training.png").toFile()).getWidth() > 0);
        JsonNode meta = JSON.readTree(out.resolve("optimizer.json").toFile());
        assertEquals("l2o-dm", meta.get("architecture").asText());
        assertEquals(4, meta.get("hyperParameters").get("hidden").asInt());
        JsonNode prov = meta.get("provenance");
        assertEquals("test-softmax", prov.get("optimizee").asText());
        assertEquals("synthetic", prov.get("dataset").asText());
        assertEquals(5, prov.get("seed").asInt());
        assertEquals(2, prov.get("epochs").asInt());
        assertTrue(prov.get("versions").has("djl"));
        assertTrue(prov.has("gitCommit") && prov.has("lambda") && prov.has("regularizer"));
        assertTrue(Files.exists(out.resolve("manifest.json")));

        Path trained = out.resolve("trained");
        CliTestSupport.Result t = run("train", "--optimizer", out.toString(), "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--classes=4", "--steps", "10", "--batch-size", "16", "--out", trained.toString());
        assertEquals(0, t.exitCode(), t.err());
        assertTrue(Files.readAllLines(trained.resolve("seed-1.csv")).size() > 10);
    }

    @Test
    void sampledMetaGradientRunRecordsTheShareInManifestAndProvenance(@TempDir Path out) throws Exception {
        CliTestSupport.Result r = metaTrain(out, "--meta-gradient-sample", "0.5", "--meta-gradient", "first-order");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(0.5, JSON.readTree(out.resolve("optimizer.json").toFile()).get("provenance")
                .get("metaGradientSample").asDouble());
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"metaGradientSample\" : 0.5"));
    }

    @Test
    void trainSplitSelectionScoresTheDataLossAndTheDefaultExactMetaGradientIsRecorded(@TempDir Path out)
            throws Exception {
        CliTestSupport.Result r = metaTrain(out, "--select-on", "train-split", "--validation-samples", "50");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("train-split loss"), r.out());
        List<String> validation = Files.readAllLines(out.resolve("validation.csv"));
        List<String> header = List.of(validation.get(0).split(","));
        for (String line : validation.subList(1, validation.size())) {
            String[] row = line.split(",", -1);
            double split = Double.parseDouble(row[header.indexOf("val_train_split_loss")]);
            assertTrue(split > 0 && split < 10, line);
            assertEquals(split, Double.parseDouble(row[header.indexOf("score")]), line);
        }
        JsonNode prov = JSON.readTree(out.resolve("optimizer.json").toFile()).get("provenance");
        assertEquals("exact", prov.get("metaGradient").asText(), prov.toString());
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"metaGradient\" : \"exact\"") && manifest.contains("\"validationSamples\" : 50"),
                manifest);
    }

    @Test
    void resumeContinuesFromTheCheckpoint(@TempDir Path out) throws Exception {
        assertEquals(0, metaTrain(out).exitCode());
        CliTestSupport.Result again = metaTrain(out);
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("--resume"), again.err());
        List<String> args = new ArrayList<>(List.of("meta-train", "--optimizer", "l2o-dm", "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--classes=4", "--epochs", "3", "--steps-per-epoch", "6", "--unroll", "3",
                "--batch-size", "16", "--hidden", "4", "--validate-every", "1", "--validation-runs", "1",
                "--checkpoint-every", "1", "--seed", "5", "--resume", out.toString()));
        CliTestSupport.Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("meta-trained 3 epochs (resumed)"), r.out());
        assertEquals(4, Files.readAllLines(out.resolve("meta-training.csv")).size());
    }

    @Test
    void damagedOrForeignOptimizerFilesAreRefusedWithTheReason(@TempDir Path out) throws Exception {
        assertEquals(0, metaTrain(out).exitCode());
        Path npz = out.resolve("optimizer.npz");
        byte[] bytes = Files.readAllBytes(npz);
        Files.write(npz, Arrays.copyOf(bytes, bytes.length - 100));
        CliTestSupport.Result r = run("train", "--optimizer", out.toString(), "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--steps", "5", "--out", out.resolve("t").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("corrupt or truncated"), r.err());

        Path json = out.resolve("optimizer.json");
        Files.write(npz, bytes);
        Files.writeString(json, Files.readString(json).replace("\"hidden\" : 4", "\"hidden\" : 6"));
        r = run("train", "--optimizer", json.toString(), "--optimizee", "test-softmax",
                "--dataset", "synthetic", "--steps", "5", "--out", out.resolve("t2").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("made for another architecture"), r.err());
    }

    @Test
    void badInputIsAUsageError(@TempDir Path out) {
        assertUsageError(out, "not a learned optimizer", "--optimizer", "adam");
        assertUsageError(out, "--lambda 1.0 needs --regularizer", "--lambda", "1");
        assertUsageError(out, "--select-on final: expected last-unroll or trajectory", "--select-on", "final");
        assertUsageError(out, "--meta-lr-cosine 0.0: expected the final factor", "--meta-lr-cosine", "0");
        assertUsageError(out, "--average-phi 1.0: expected a decay in [0, 1)", "--average-phi", "1");
        assertUsageError(out, "--meta-gradient-sample 0.0: expected the share of coordinates",
                "--meta-gradient-sample", "0");
        assertUsageError(out, "l2o-scale is not coordinatewise",
                "--optimizer", "l2o-scale", "--meta-gradient-sample", "0.5");
        assertUsageError(out, "--meta-gradient exact: l2o-scale cannot re-run a step",
                "--optimizer", "l2o-scale", "--meta-gradient", "exact");
        assertUsageError(out, "--meta-gradient-sample 0.5 estimates the first-order meta-gradient, and l2o-dm"
                + " meta-trains with exact ones by default: add --meta-gradient first-order",
                "--meta-gradient-sample", "0.5");
        assertUsageError(out, "--meta-gradient 'second': expected one of first-order, exact",
                "--meta-gradient", "second");
        assertUsageError(out, "--validation-samples must be >= 1, got 0", "--validation-samples", "0");
    }

    /** meta-train of test-softmax on synthetic data with these options ends with exit code 2 and the message. */
    private static void assertUsageError(Path out, String expected, String... options) {
        List<String> args = new ArrayList<>(
                List.of("meta-train", "--optimizee", "test-softmax", "--dataset", "synthetic"));
        args.addAll(List.of(options));
        args.addAll(List.of("--out", out.toString()));
        CliTestSupport.Result r = run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void imitationEpochsWarmUpFromTheTeacherAndAreRecorded(@TempDir Path out) throws Exception {
        CliTestSupport.Result r = metaTrain(out, "--imitation-epochs", "1", "--teacher-lr", "0.03");
        assertEquals(0, r.exitCode(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("meta-training.csv"));
        assertEquals("true", csv.get(1).split(",")[3], csv.get(1));
        assertEquals("false", csv.get(2).split(",")[3], csv.get(2));
        JsonNode meta = JSON.readTree(out.resolve("optimizer.json").toFile());
        assertTrue(meta.toString().contains("1 epochs, Adam teacher lr 0.03"), meta.toString());

        CliTestSupport.Result bad = metaTrain(out.resolve("neg"), "--imitation-epochs", "-1");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--imitation-epochs must be >= 0, got -1"), bad.err());
    }
}
